package io.gastown.agent.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.plan.InFlightSling;
import io.gastown.agent.plan.ResourceKey;
import io.gastown.agent.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlingJournalTest {
  @TempDir Path state;
  final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  final ResourceKey key = new ResourceKey("prod", "pc-1");

  @Test
  void anEntrySurvivesARestart() {
    new SlingJournal(state, clock).begin(key, "mr-abc12", "my_rig", 3);
    SlingJournal reopened = new SlingJournal(state, clock);
    assertEquals(
        new InFlightSling("mr-abc12", 3, clock.instant(), 1),
        reopened.get(key).orElseThrow().inFlight());
    assertFalse(Files.exists(state.resolve(SlingJournal.FILE + ".tmp")), "no temp file left");
  }

  @Test
  void attemptsCountPerGenerationAndBead() {
    SlingJournal j = new SlingJournal(state, clock);
    j.begin(key, "mr-abc12", "my_rig", 3);
    assertEquals(2, j.begin(key, "mr-abc12", "my_rig", 3).attempts());
    assertEquals(1, j.begin(key, "mr-abc12", "my_rig", 4).attempts());
    assertEquals(1, j.begin(key, "mr-other", "my_rig", 4).attempts());
  }

  @Test
  void aRemovedEntryStaysRemovedAfterARestart() {
    SlingJournal j = new SlingJournal(state, clock);
    j.begin(key, "mr-abc12", "my_rig", 3);
    j.begin(new ResourceKey("prod", "pc-2"), "mr-def34", "my_rig", 1);
    j.remove(key);
    SlingJournal reopened = new SlingJournal(state, clock);
    assertTrue(reopened.get(key).isEmpty());
    assertEquals(1, reopened.all().size());
  }

  @Test
  void anUnreadableJournalStartsEmptyInsteadOfStoppingTheAgent() throws Exception {
    Files.writeString(state.resolve(SlingJournal.FILE), "{not json");
    SlingJournal j = new SlingJournal(state, clock);
    assertEquals(0, j.all().size());
    j.begin(key, "mr-abc12", "my_rig", 1);
    assertEquals(1, new SlingJournal(state, clock).all().size());
  }
}
