package io.gastown.agent.link;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: each delay is uniform in [0, min(cap, base·2^n)]. It never
 * gives up, and the jitter survives the cap, so a fleet of hosts does not reconnect in step.
 */
public final class ReconnectBackoff {
  public static final Duration BASE = Duration.ofMillis(500);
  public static final Duration CAP = Duration.ofSeconds(30);

  private final RandomGenerator random;
  private final Duration base;
  private final Duration cap;
  private int attempt;

  public ReconnectBackoff(RandomGenerator random) {
    this(random, BASE, CAP);
  }

  public ReconnectBackoff(RandomGenerator random, Duration base, Duration cap) {
    this.random = random;
    this.base = base;
    this.cap = cap;
  }

  /** The delay before the next attempt. */
  public synchronized Duration next() {
    long ceiling = ceilingMillis(attempt);
    if (attempt < 40) {
      attempt++;
    }
    return Duration.ofMillis(random.nextLong(ceiling + 1));
  }

  /** The ceiling the next delay is drawn under. */
  public synchronized long currentCeilingMillis() {
    return ceilingMillis(attempt);
  }

  /** The largest delay ceiling. */
  public long capMillis() {
    return cap.toMillis();
  }

  /** A healthy session ended: start again from the base. */
  public synchronized void reset() {
    attempt = 0;
  }

  /** A refusal that will not fix itself soon (bad credentials, incompatible version). */
  public synchronized void jumpToCap() {
    while (ceilingMillis(attempt) < cap.toMillis() && attempt < 40) {
      attempt++;
    }
  }

  private long ceilingMillis(int n) {
    long exp = base.toMillis() << Math.min(n, 30);
    return Math.min(cap.toMillis(), exp);
  }
}
