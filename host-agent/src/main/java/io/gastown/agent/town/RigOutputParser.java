package io.gastown.agent.town;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Parses the rig commands' output, with gt's quirks. */
public final class RigOutputParser {
  static final String NO_RIGS = "No rigs configured.";

  private RigOutputParser() {}

  /**
   * {@code gt rig list --json}: an array, or the plain text {@code No rigs configured.} (followed
   * by a hint on how to add one).
   */
  public static List<RigInfo> rigList(String stdout) {
    String command = "gt rig list";
    if (stdout.strip().startsWith(NO_RIGS)) {
      return List.of();
    }
    List<RigInfo> rigs = new ArrayList<>();
    for (JsonNode n : GtJson.array(command, stdout)) {
      rigs.add(
          new RigInfo(
              GtJson.required(command, n, "name", stdout),
              GtJson.text(n, "beads_prefix"),
              GtJson.text(n, "status"),
              GtJson.text(n, "witness"),
              GtJson.text(n, "refinery"),
              GtJson.integer(n, "polecats"),
              GtJson.integer(n, "crew")));
    }
    return List.copyOf(rigs);
  }
}
