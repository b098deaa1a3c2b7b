package io.gastown.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionsTest {

  @Test
  void readsTheNumbersOfTheVersionWordsToolsReallyPrint() {
    assertEquals(Optional.of(List.of(3, 3)), Versions.numbers("3.3a"));
    assertEquals(Optional.of(List.of(3, 4)), Versions.numbers("next-3.4"));
    assertEquals(Optional.of(List.of(1, 2, 2)), Versions.numbers("1.2.2-ex1"));
    assertEquals(Optional.of(List.of(0, 57, 0)), Versions.numbers("v0.57.0"));
    assertEquals(Optional.empty(), Versions.numbers("master"));
  }

  @Test
  void comparesByNumbersWithMissingPartsAsZero() {
    assertEquals(Optional.of(true), Versions.atLeast("3.0", "3.0"));
    assertEquals(Optional.of(true), Versions.atLeast("3", "3.0"));
    assertEquals(Optional.of(true), Versions.atLeast("3.3a", "3.0"));
    assertEquals(Optional.of(false), Versions.atLeast("2.9", "3.0"));
    assertEquals(Optional.of(false), Versions.atLeast("2.9a", "3.0"));
    assertEquals(Optional.of(true), Versions.atLeast("0.57.0", "0.57.0"));
    assertEquals(Optional.of(false), Versions.atLeast("0.56.9", "0.57.0"));
    assertEquals(Optional.of(true), Versions.atLeast("0.100.0", "0.57.0"));
    assertEquals(Optional.of(true), Versions.atLeast("1.0", "0.57.0"));
    assertEquals(Optional.empty(), Versions.atLeast("master", "3.0"));
  }

  @Test
  void absurdlyLongNumbersDoNotOverflow() {
    assertEquals(Optional.of(true), Versions.atLeast("99999999999999999999", "3.0"));
  }
}
