package io.gastown.agent.link;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: each delay is uniform in [0, min(cap, base·2^n)]. It never
 * gives up, and the jitter survives the cap, so a fleet of hosts does not reconnect in step.
 *
 * <p>When it starts over is decided by {@link #sessionEnded}: a session that completed its resync
 * proved the relay and the path whole, so the dial after it starts again from the base — however
 * briefly it lasted, so a host recovers from a fault in well under a second once the relay is back.
 * A session that never completed its resync (the relay accepted and dropped, refused, or the path
 * broke during the resync) is one more failed attempt and the backoff keeps growing. So that a
 * relay that resyncs and then drops at once is not redialled in a hot loop either, sessions that
 * end within {@link #STABLE} of their resync restart the backoff only {@link #FREE_QUICK_ENDS}
 * times in a row; after that they count as failed attempts too, until a session stays up {@link
 * #STABLE}.
 */
public final class ReconnectBackoff {
  public static final Duration BASE = Duration.ofMillis(500);
  public static final Duration CAP = Duration.ofSeconds(30);

  /** How long after its resync a session must stay up to count as stable. */
  public static final Duration STABLE = Duration.ofSeconds(10);

  /** Quick ends in a row (resynced, yet ended within {@link #STABLE}) that still start over. */
  public static final int FREE_QUICK_ENDS = 3;

  private final RandomGenerator random;
  private final Duration base;
  private final Duration cap;
  private int attempt;
  private int quickEnds;

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

  /** Start again from the base (a healthy session ended, or the credentials were fixed). */
  public synchronized void reset() {
    attempt = 0;
  }

  /**
   * A session ended; decides whether the next delay starts again from the base (see the class
   * comment). Call it before {@link #next()}.
   *
   * @param upAfterResync how long the session stayed up after its resync completed; empty when the
   *     resync never completed
   * @return whether the backoff started over
   */
  public synchronized boolean sessionEnded(Optional<Duration> upAfterResync) {
    if (upAfterResync.isEmpty()) {
      return false;
    }
    if (upAfterResync.get().compareTo(STABLE) >= 0) {
      quickEnds = 0;
      attempt = 0;
      return true;
    }
    quickEnds = Math.min(quickEnds + 1, FREE_QUICK_ENDS + 1);
    if (quickEnds <= FREE_QUICK_ENDS) {
      attempt = 0;
      return true;
    }
    return false;
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
