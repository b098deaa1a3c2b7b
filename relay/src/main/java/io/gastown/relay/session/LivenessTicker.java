package io.gastown.relay.session;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay-wide tick: sends due heartbeats, closes sessions that fell silent for the heartbeat
 * timeout, and closes the sessions of hosts whose tokens were removed from the tokens file.
 */
public final class LivenessTicker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LivenessTicker.class);

  private final SessionRegistry registry;
  private final TokenStore tokens;
  private ScheduledFuture<?> task;

  public LivenessTicker(SessionRegistry registry, TokenStore tokens) {
    this.registry = registry;
    this.tokens = tokens;
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
      tokens.refresh().forEach(registry::revoke);
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
