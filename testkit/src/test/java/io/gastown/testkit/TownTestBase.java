package io.gastown.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Each test gets its own stand-in town in a temporary directory and its own tmux server. */
abstract class TownTestBase {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  StandInTown town;

  @BeforeEach
  void createTown() {
    town = StandInTown.create(tmp.resolve("town"));
  }

  @AfterEach
  void killTmuxServer() {
    town.close();
  }

  static JsonNode json(CliResult r) {
    try {
      return JSON.readTree(r.stdout());
    } catch (IOException e) {
      throw new AssertionError("not JSON:\n" + r, e);
    }
  }

  /** Adds rig {@code gastown} (prefix gt) and returns one open bead in it. */
  String rigWithBead() {
    town.addRig("gastown", "https://github.com/example/gastown.git");
    return town.createBead("gastown", "Fix the widget");
  }
}
