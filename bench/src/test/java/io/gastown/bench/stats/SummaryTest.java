package io.gastown.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void percentilesAreNearestRankValuesOfTheSample() {
    List<Integer> oneToHundred = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      oneToHundred.add(i);
    }
    Summary s = Summary.of(oneToHundred);
    assertEquals(100, s.n());
    assertEquals(50, s.p50());
    assertEquals(95, s.p95());
    assertEquals(99, s.p99());
    assertEquals(1, s.min());
    assertEquals(100, s.max());
    assertEquals(50.5, s.mean(), 1e-9);
  }

  @Test
  void withFewerThanAHundredValuesP99IsTheMaximum() {
    Summary s = Summary.of(List.of(3.0, 1.0, 2.0, 10.0));
    assertEquals(2.0, s.p50());
    assertEquals(10.0, s.p95());
    assertEquals(10.0, s.p99());
  }

  @Test
  void aSingleValueIsEveryPercentile() {
    Summary s = Summary.of(List.of(7L));
    assertEquals(7, s.p50());
    assertEquals(7, s.p99());
  }

  @Test
  void anEmptySampleIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Summary.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Summary.percentile(List.of(1.0), 0));
  }
}
