package io.gastown.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gastown.agent.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClockJumpDetectorTest {
  final MutableClock wall = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final ClockJumpDetector detector = new ClockJumpDetector(wall, nanos::get);

  void elapse(Duration wallTime, Duration monotonic) {
    wall.advance(wallTime);
    nanos.addAndGet(monotonic.toNanos());
  }

  @Test
  void clocksMovingTogetherDoNotDrift() {
    elapse(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertEquals(0, detector.drift());
  }

  @Test
  void aSuspendShowsAsTheTimeSlept() {
    elapse(Duration.ofMinutes(30).plusSeconds(1), Duration.ofSeconds(1));
    assertEquals(Duration.ofMinutes(30).toMillis(), detector.drift());
    elapse(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertEquals(0, detector.drift(), "measured from the previous check only");
  }

  @Test
  void aWallClockStepBackIsAJumpToo() {
    elapse(Duration.ofSeconds(-60), Duration.ofSeconds(1));
    assertEquals(61_000, detector.drift());
  }
}
