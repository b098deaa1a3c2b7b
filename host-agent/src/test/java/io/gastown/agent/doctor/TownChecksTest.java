package io.gastown.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.doctor.Finding.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TownChecksTest {
  @TempDir Path dir;

  @Test
  void aTownIsADirectoryWithMayorTownJsonOfTypeTown() throws IOException {
    Files.createDirectories(dir.resolve("mayor"));
    Files.writeString(dir.resolve("mayor/town.json"), "{\"type\":\"town\",\"name\":\"gotham\"}");
    Finding f = TownChecks.town(Optional.of(dir));
    assertEquals(Level.OK, f.level(), f.line());
    assertTrue(f.detail().contains("'gotham'"), f.line());
  }

  @Test
  void aDirectoryWithoutMayorTownJsonIsNotATown() {
    Finding f = TownChecks.town(Optional.of(dir));
    assertEquals(Level.FAIL, f.level());
    assertTrue(f.detail().contains("has no mayor/town.json"), f.line());
    assertTrue(f.fix().contains("set townRoot"), f.line());
  }

  @Test
  void anUnsetMissingOrCorruptTownFails() throws IOException {
    assertEquals(Level.FAIL, TownChecks.town(Optional.empty()).level());
    assertEquals(Level.FAIL, TownChecks.town(Optional.of(dir.resolve("nowhere"))).level());
    Files.createDirectories(dir.resolve("mayor"));
    Files.writeString(dir.resolve("mayor/town.json"), "{not json");
    assertEquals(Level.FAIL, TownChecks.town(Optional.of(dir)).level());
  }

  @Test
  void theStateDirectoryIsCreatedAndMustBeWritable() throws IOException {
    assertEquals(Level.OK, TownChecks.stateDir(dir.resolve("state/a")).level());
    assertTrue(Files.isDirectory(dir.resolve("state/a")));
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertEquals(Level.FAIL, TownChecks.stateDir(file.resolve("sub")).level());
  }
}
