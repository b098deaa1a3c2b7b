package io.gastown.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

  @Test
  void ceilingsDoubleFromHalfASecondToThirtySeconds() {
    ReconnectBackoff b = new ReconnectBackoff(new SplittableRandom(7));
    long[] expected = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (long ceiling : expected) {
      assertEquals(ceiling, b.currentCeilingMillis());
      long d = b.next().toMillis();
      assertTrue(d >= 0 && d <= ceiling, d + " > " + ceiling);
    }
  }

  @Test
  void jitterIsFullAndSurvivesTheCap() {
    ReconnectBackoff b = new ReconnectBackoff(new SplittableRandom(3));
    b.jumpToCap();
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long d = b.next().toMillis();
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(min < 1000, "full jitter reaches near zero: " + min);
    assertTrue(max > 29_000 && max <= 30_000, "and near the cap: " + max);
  }

  @Test
  void resetStartsOverAndItNeverGivesUp() {
    ReconnectBackoff b = new ReconnectBackoff(new SplittableRandom(1));
    for (int i = 0; i < 10_000; i++) {
      b.next();
    }
    assertEquals(30_000, b.currentCeilingMillis());
    b.reset();
    assertEquals(500, b.currentCeilingMillis());
  }
}
