package io.gastown.agent.town.watch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatStatesTest {
  @TempDir Path dir;
  private final HeartbeatStates states = new HeartbeatStates();

  private Path write(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json);
  }

  @Test
  void aRefreshThatMovesOnlyTheTimestampIsNotAChange() throws IOException {
    write("gt-nux.json", "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"state\":\"working\"}");
    states.seed(dir);
    Path f = write("gt-nux.json", "{\"timestamp\":\"2026-01-01T00:00:30Z\",\"state\":\"working\"}");
    assertFalse(states.written(f));
  }

  @Test
  void aNewStateANewFileAndARemovalAreChangesABeadAloneIsNot() throws IOException {
    Path f = write("gt-nux.json", "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"state\":\"working\"}");
    assertTrue(states.written(f), "a new heartbeat: a session started");
    write("gt-nux.json", "{\"timestamp\":\"2026-01-01T00:00:09Z\",\"state\":\"stuck\"}");
    assertTrue(states.written(f));
    write(
        "gt-nux.json",
        "{\"timestamp\":\"2026-01-01T00:00:19Z\",\"state\":\"stuck\",\"bead\":\"gt-1\"}");
    assertFalse(states.written(f), "the bead alone: its change is seen in the beads database");
    assertTrue(states.removed("gt-nux.json"));
  }

  @Test
  void aFileReadMidWriteIsSkippedUntilItsWriteEnds() throws IOException {
    Path f = write("gt-nux.json", "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"state\":\"working\"}");
    states.seed(dir);
    write("gt-nux.json", "");
    assertFalse(states.written(f), "gt truncates before it writes");
    write("gt-nux.json", "{\"timestamp\":\"2026-01-01T00:00:09Z\",\"sta");
    assertFalse(states.written(f));
    write("gt-nux.json", "{\"timestamp\":\"2026-01-01T00:00:09Z\",\"state\":\"exiting\"}");
    assertTrue(states.written(f));
  }
}
