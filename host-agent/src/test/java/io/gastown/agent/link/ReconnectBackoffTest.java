package io.gastown.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
  private static final Optional<Duration> NEVER_RESYNCED = Optional.empty();

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

  @Test
  void aSessionThatCompletedItsResyncStartsOverHoweverBriefItWas() {
    ReconnectBackoff b = new ReconnectBackoff(new SplittableRandom(1));
    for (int i = 0; i < 5; i++) { // the relay was away: five failed dials
      b.sessionEnded(NEVER_RESYNCED);
      b.next();
    }
    assertEquals(16_000, b.currentCeilingMillis());
    // back: a session resynced, and a cut ended it 300 ms later
    assertTrue(b.sessionEnded(Optional.of(Duration.ofMillis(300))));
    assertEquals(500, b.currentCeilingMillis(), "the next dial is within half a second");
  }

  @Test
  void aRelayThatAcceptsAndDropsBeforeTheResyncEndsIsNotRedialledInAHotLoop() {
    ReconnectBackoff b = new ReconnectBackoff(new SplittableRandom(2));
    long[] expected = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (long ceiling : expected) {
      assertFalse(b.sessionEnded(NEVER_RESYNCED));
      assertEquals(ceiling, b.currentCeilingMillis());
      b.next();
    }
  }

  @Test
  void sessionsEndingSoonAfterTheirResyncStartOverOnlyThreeTimesInARowThenTheBackoffGrows() {
    ReconnectBackoff b = new ReconnectBackoff(new SplittableRandom(4));
    Optional<Duration> quick = Optional.of(Duration.ofSeconds(1));
    long[] expected = {500, 500, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (long ceiling : expected) {
      b.sessionEnded(quick);
      assertEquals(ceiling, b.currentCeilingMillis());
      b.next();
    }
    // one session that stays up proves the relay stable again: three more quick ends are forgiven
    assertTrue(b.sessionEnded(Optional.of(ReconnectBackoff.STABLE)));
    b.next();
    for (int i = 0; i < ReconnectBackoff.FREE_QUICK_ENDS; i++) {
      assertTrue(b.sessionEnded(quick));
      assertEquals(500, b.currentCeilingMillis());
      b.next();
    }
    assertFalse(b.sessionEnded(quick));
    assertEquals(1000, b.currentCeilingMillis());
  }

  @Test
  void failedDialsBetweenQuickEndsNeitherForgiveNorCountThem() {
    ReconnectBackoff b = new ReconnectBackoff(new SplittableRandom(5));
    Optional<Duration> quick = Optional.of(Duration.ofMillis(200));
    b.sessionEnded(quick);
    b.next();
    b.sessionEnded(NEVER_RESYNCED); // a failed dial: the backoff grows from where it was
    assertEquals(1000, b.currentCeilingMillis());
    b.next();
    assertTrue(b.sessionEnded(quick)); // the second quick end in a row
    b.next();
    assertTrue(b.sessionEnded(quick)); // the third
    b.next();
    assertFalse(b.sessionEnded(quick)); // the fourth grows
  }

  /**
   * Ten simulated minutes on a fake clock: a relay that resyncs every session and drops it at once
   * costs about as many dials as one that never completes a resync — tens, not thousands — while a
   * relay whose sessions are cut every 20 s (each stable) is redialled within the base.
   */
  @Test
  void overTenMinutesOfAFlappingRelayTheDialsStayFew() {
    long flapping = dialsInTenMinutes(Optional.of(Duration.ofMillis(50)), Duration.ofMillis(50));
    long neverResyncs = dialsInTenMinutes(NEVER_RESYNCED, Duration.ofMillis(50));
    assertTrue(flapping < 80, "dials to a relay that resyncs and drops at once: " + flapping);
    assertTrue(neverResyncs < 80, "dials to a relay that never resyncs: " + neverResyncs);
    assertTrue(flapping <= neverResyncs + ReconnectBackoff.FREE_QUICK_ENDS + 5);

    ReconnectBackoff b = new ReconnectBackoff(new SplittableRandom(6));
    long clock = 0;
    long worstRedial = 0;
    while (clock < Duration.ofMinutes(10).toMillis()) {
      clock += 20_000; // a stable session, then a cut
      b.sessionEnded(Optional.of(Duration.ofSeconds(20)));
      long d = b.next().toMillis();
      worstRedial = Math.max(worstRedial, d);
      clock += d;
    }
    assertTrue(worstRedial <= ReconnectBackoff.BASE.toMillis(), "redial after " + worstRedial);
  }

  private static long dialsInTenMinutes(Optional<Duration> upAfterResync, Duration sessionLength) {
    ReconnectBackoff b = new ReconnectBackoff(new SplittableRandom(8));
    long clock = 0;
    long dials = 0;
    while (clock < Duration.ofMinutes(10).toMillis()) {
      dials++;
      clock += sessionLength.toMillis();
      b.sessionEnded(upAfterResync);
      clock += b.next().toMillis();
    }
    return dials;
  }
}
