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
    assertEquals(1_000 * MS + 75 * MS, pacer.startAt(1_000 * MS));
  }

  @Test
  void aChangeSoonAfterAChangeCycleWaitsForTheGap() {
    pacer.started(1_000 * MS);
    assertEquals(1_250 * MS, pacer.startAt(1_010 * MS), "the gap, not the debounce, decides");
    assertEquals(1_575 * MS, pacer.startAt(1_500 * MS), "after the gap: the debounce again");
  }

  @Test
  void sustainedChangesCostOneCyclePerSecondAtMost() {
    long t = 0;
    int cycles = 0;
    // a writer that never stops: a change every 10 ms for 20 s
    long next = pacer.startAt(t);
    for (; t < 20_000 * MS; t += 10 * MS) {
      if (t >= next) {
        pacer.started(t);
        cycles++;
        next = pacer.startAt(t);
      }
    }
    assertTrue(pacer.sustained(t));
    // 8 cycles at the 250 ms gap, then one a second
    assertTrue(cycles <= 8 + 20, "cycles: " + cycles);
    assertTrue(cycles >= 18, "still observing: " + cycles);
  }

  @Test
  void quietEndsTheSustainedGap() {
    for (int i = 0; i < 8; i++) {
      pacer.started(i * 250 * MS);
    }
    assertTrue(pacer.sustained(1_800 * MS));
    assertEquals(1_750 * MS + 1_000 * MS, pacer.startAt(1_800 * MS));
    assertFalse(pacer.sustained(10_000 * MS));
    assertEquals(10_075 * MS, pacer.startAt(10_000 * MS));
  }
}
