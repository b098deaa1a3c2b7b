package io.gastown.relay.session;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay-wide tick: sends due heartbeats, closes sessions that fell silent for the heartbeat
 * timeout, and closes the sessions whose token or client certificate was revoked or expired.
 */
public final class LivenessTicker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LivenessTicker.class);

  private final SessionRegistry registry;
  private final CredentialSweep credentials;
  private ScheduledFuture<?> task;

  public LivenessTicker(SessionRegistry registry, CredentialSweep credentials) {
    this.registry = registry;
    this.credentials = credentials;
  }

  /** The tick period: often enough to keep the documented bounds, at most once a second. */
  public static Duration period(Duration heartbeatInterval) {
    long ms = Math.max(20, Math.min(1_000, heartbeatInterval.toMillis() / 2));
    return Duration.ofMillis(ms);
  }

  public synchronized void start(ScheduledExecutorService scheduler, Duration period) {
    task =
        scheduler.scheduleWithFixedDelay(
            this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  void tick() {
    try {
      long now = System.nanoTime();
      registry.openSessions().forEach(s -> s.checkLiveness(now));
      credentials.sweep(registry);
    } catch (RuntimeException e) {
      LOG.error("liveness tick failed", e);
    }
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
