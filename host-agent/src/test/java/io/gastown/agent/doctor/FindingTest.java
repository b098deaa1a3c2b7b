package io.gastown.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingTest {

  @Test
  void aLineIsLevelCheckDetailAndTheFixAfterADash() {
    assertEquals("OK   tmux: tmux 3.3a", Finding.ok("tmux", "tmux 3.3a").line());
    assertEquals(
        "FAIL tmux: tmux 2.9 is older than 3.0 — install tmux 3.0",
        Finding.fail("tmux", "tmux 2.9 is older than 3.0", "install tmux 3.0").line());
    assertEquals("WARN town: odd — look", Finding.warn("town", "odd", "look").line());
  }

  @Test
  void theSummaryCountsFailuresAndWarnings() {
    assertEquals(
        "doctor: all 2 checks passed",
        Doctor.summary(List.of(Finding.ok("a", "b"), Finding.ok("c", "d"))));
    assertEquals(
        "doctor: 1 failed, 1 warning(s) of 3 checks",
        Doctor.summary(
            List.of(
                Finding.ok("a", "b"), Finding.fail("c", "d", "e"), Finding.warn("f", "g", "h"))));
  }
}
