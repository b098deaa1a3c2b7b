package io.gastown.agent.town;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Parses the polecat and session commands' JSON. */
public final class PolecatOutputParser {
  private PolecatOutputParser() {}

  /** {@code gt polecat list --all --json}: an array ({@code []} when empty). */
  public static List<PolecatInfo> polecatList(String stdout) {
    String command = "gt polecat list";
    List<PolecatInfo> out = new ArrayList<>();
    for (JsonNode n : GtJson.array(command, stdout)) {
      out.add(
          new PolecatInfo(
              GtJson.required(command, n, "rig", stdout),
              GtJson.required(command, n, "name", stdout),
              GtJson.text(n, "state"),
              GtJson.text(n, "issue"),
              GtJson.bool(n, "session_running"),
              GtJson.bool(n, "zombie"),
              GtJson.text(n, "session_name")));
    }
    return List.copyOf(out);
  }

  /** {@code gt session list --json}: an array, or {@code null} when there is none. */
  public static List<SessionInfo> sessionList(String stdout) {
    String command = "gt session list";
    List<SessionInfo> out = new ArrayList<>();
    for (JsonNode n : GtJson.array(command, stdout)) {
      out.add(
          new SessionInfo(
              GtJson.text(n, "rig"),
              GtJson.text(n, "polecat"),
              GtJson.required(command, n, "session_id", stdout),
              GtJson.bool(n, "running")));
    }
    return List.copyOf(out);
  }

  /** {@code gt polecat status <rig>/<name> --json}: one object. */
  public static PolecatDetail polecatStatus(String stdout) {
    String command = "gt polecat status";
    JsonNode n = GtJson.parse(command, stdout);
    if (!n.isObject()) {
      throw new GtOutputException(command, "expected a JSON object", stdout);
    }
    return new PolecatDetail(
        GtJson.required(command, n, "rig", stdout),
        GtJson.required(command, n, "name", stdout),
        GtJson.text(n, "state"),
        GtJson.text(n, "issue"),
        GtJson.text(n, "clone_path"),
        GtJson.text(n, "branch"),
        GtJson.bool(n, "session_running"),
        GtJson.text(n, "session_id"),
        GtJson.text(n, "last_activity"));
  }
}
