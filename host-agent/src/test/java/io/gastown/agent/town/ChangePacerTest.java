package io.gastown.agent.town;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChangePacerTest {
  private static final long MS = 1_000_000L;
  private final ChangePacer pacer = new ChangePacer(ChangePacer.DEFAULTS);

  @Test
  void theFirstChangeIsObservedAfterTheDebounce() {
    assertEquals(1_000 * MS + 50 * MS, pacer.startAt(1_000 * MS));
  }

  @Test
  void aChangeSoonAfterAChangeCycleWaitsForTheGap() {
    pacer.started(1_000 * MS);
    assertEquals(1_250 * MS, pacer.startAt(1_010 * MS), "the gap, not the debounce, decides");
    assertEquals(1_550 * MS, pacer.startAt(1_500 * MS), "after the gap: the debounce again");
  }

  /** Cycles a writer that changes something every 10 ms gets in {@code fromMs..toMs}. */
  private int cyclesOfANeverEndingWriter(long fromMs, long toMs, long[] next) {
    int cycles = 0;
    for (long t = fromMs * MS; t < toMs * MS; t += 10 * MS) {
      if (t >= next[0]) {
        pacer.started(t);
        cycles++;
        next[0] = pacer.startAt(t);
      }
    }
    return cycles;
  }

  @Test
  void aStormIsObservedFourTimesASecondThenARunawayEveryTwoSeconds() {
    long[] next = {pacer.startAt(0)};
    int firstMinute = cyclesOfANeverEndingWriter(0, 60_000, next);
    assertTrue(firstMinute >= 230 && firstMinute <= 241, "every 250 ms: " + firstMinute);
    assertFalse(pacer.runaway(59_000 * MS));
    int nextMinute = cyclesOfANeverEndingWriter(60_000, 120_000, next);
    assertTrue(pacer.runaway(120_000 * MS));
    // sustained from the 8th cycle (1.75 s in): 7 more at 250 ms, then one every 2 s
    assertTrue(nextMinute >= 35 && nextMinute <= 38, "then every 2 s: " + nextMinute);
  }

  @Test
  void aQuietSpellEndsTheRunaway() {
    long[] next = {pacer.startAt(0)};
    cyclesOfANeverEndingWriter(0, 62_000, next);
    assertTrue(pacer.runaway(62_000 * MS));
    long quietEnd = 62_000 * MS + 4_000 * MS;
    assertFalse(pacer.runaway(quietEnd));
    assertEquals(quietEnd + 50 * MS, pacer.startAt(quietEnd));
  }

  @Test
  void occasionalChangesNeverMakeARunaway() {
    for (long t = 0; t < 600_000; t += 700) {
      assertEquals((t + 50) * MS, pacer.startAt(t * MS));
      pacer.started((t + 50) * MS);
    }
    assertFalse(pacer.runaway(600_000 * MS));
  }
}
