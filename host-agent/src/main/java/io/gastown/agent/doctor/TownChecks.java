package io.gastown.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gastown.agent.town.GtCli;
import io.gastown.agent.town.GtException;
import io.gastown.agent.town.RigInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The town root, gt's view of it, and the agent's state directory. */
final class TownChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SET_TOWN =
      "set townRoot in the config to your Gas Town root (the directory `gt install` made,"
          + " holding mayor/town.json)";

  private TownChecks() {}

  /** Whether the root holds a readable {@code mayor/town.json} (gt's marker of a town). */
  static Finding town(Optional<Path> townRoot) {
    if (townRoot.isEmpty()) {
      return Finding.fail("town", "townRoot is not set", SET_TOWN);
    }
    Path root = townRoot.get();
    if (!Files.isDirectory(root)) {
      return Finding.fail("town", root + " does not exist", SET_TOWN + ", or run gt install");
    }
    Path townJson = root.resolve("mayor/town.json");
    if (!Files.isReadable(townJson)) {
      return Finding.fail(
          "town", root + " has no mayor/town.json: it is not a Gas Town root", SET_TOWN);
    }
    try {
      JsonNode town = JSON.readTree(townJson.toFile());
      String name = town.path("name").asText("");
      if (!town.path("type").asText("").equals("town")) {
        return Finding.warn(
            "town",
            townJson + " does not say type \"town\"",
            "check that " + root + " is a town made by gt install");
      }
      return Finding.ok("town", "'" + name + "' at " + root);
    } catch (IOException e) {
      return Finding.fail(
          "town", townJson + " is not valid JSON", "restore it (gt install writes it)");
    }
  }

  /** gt itself, run in the town as the agent runs it, can list the town's rigs. */
  static Finding gtSeesTown(GtCli gt, Path townRoot) {
    try {
      List<RigInfo> rigs = gt.rigList();
      return Finding.ok("gt in town", "gt rig list sees " + rigs.size() + " rig(s) in " + townRoot);
    } catch (GtException | java.io.UncheckedIOException e) {
      return Finding.fail(
          "gt in town",
          "gt rig list failed in " + townRoot + ": " + e.getMessage(),
          "run `gt rig list` in " + townRoot + " and fix what it says (is Dolt running?)");
    }
  }

  /** The journal of commands in flight lives here: it must be writable. */
  static Finding stateDir(Path state) {
    try {
      Files.createDirectories(state);
    } catch (IOException | RuntimeException e) {
      return Finding.fail(
          "stateDir", "cannot create " + state, "set stateDir to a directory you can write");
    }
    if (!Files.isWritable(state)) {
      return Finding.fail(
          "stateDir", state + " is not writable", "fix its permissions or set stateDir");
    }
    return Finding.ok("stateDir", state + " is writable");
  }
}
