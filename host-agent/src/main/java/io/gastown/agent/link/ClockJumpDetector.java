package io.gastown.agent.link;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Notices that the machine slept: the monotonic clock stops while a laptop is suspended and the
 * wall clock does not, so between two checks they drift apart by the time slept. gRPC streams are
 * usually dead after such a gap, long before keepalive would say so.
 */
final class ClockJumpDetector {
  private final Clock wall;
  private final LongSupplier nano;
  private long lastWallMillis;
  private long lastNanos;

  ClockJumpDetector(Clock wall, LongSupplier nano) {
    this.wall = wall;
    this.nano = nano;
    reset();
  }

  final void reset() {
    lastWallMillis = wall.millis();
    lastNanos = nano.getAsLong();
  }

  /** How far (ms) the two clocks moved apart since the last call. */
  long drift() {
    long w = wall.millis();
    long n = nano.getAsLong();
    long drift = Math.abs((w - lastWallMillis) - TimeUnit.NANOSECONDS.toMillis(n - lastNanos));
    lastWallMillis = w;
    lastNanos = n;
    return drift;
  }
}
