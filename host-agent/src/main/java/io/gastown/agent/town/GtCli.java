package io.gastown.agent.town;

import java.util.List;

/**
 * The gt commands this agent uses, and nothing else. Every argument has been validated before it
 * gets here; implementations pass each as one argv element. Failures are {@link GtCommandException}
 * (gt said no) or {@link GtOutputException} (gt said something unreadable).
 */
public interface GtCli {

  /** {@code gt rig list --json}; empty when gt prints {@code No rigs configured.}. */
  List<RigInfo> rigList();

  /** {@code gt rig add <name> <url> --prefix <prefix> [--branch <branch>]}; branch empty: none. */
  void rigAdd(String rigName, String gitUrl, String prefix, String branch);

  /** {@code gt rig remove <name> [--force]}. */
  void rigRemove(String rigName, boolean force);

  /** {@code gt polecat list --all --json}. */
  List<PolecatInfo> polecatListAll();

  /** {@code gt polecat status <rig>/<name> --json}. */
  PolecatDetail polecatStatus(String rigName, String polecatName);

  /** {@code gt session list --json}; empty when gt prints {@code null}. */
  List<SessionInfo> sessionList();

  /** {@code gt sling <bead> <rig> [options]}. */
  SlingResult sling(SlingRequest request);

  /** {@code gt session stop <rig>/<name> [--force]}. */
  void sessionStop(String rigName, String polecatName, boolean force);

  /** {@code gt polecat nuke <rig>/<name> [--force]}. */
  void polecatNuke(String rigName, String polecatName, boolean force);

  /** {@code gt version}: the version word. */
  String version();

  // Convoys. The defaults describe a gt without convoys, so fakes written before convoys existed
  // keep working; ProcessGtCli implements them all.

  /** {@code gt convoy list --json --all}: open and closed convoys; empty when there are none. */
  default List<ConvoyInfo> convoyList() {
    return List.of();
  }

  /** {@code gt convoy create <description> <beads...> [options]}; returns the new convoy's id. */
  default String convoyCreate(ConvoyCreateRequest request) {
    throw new GtCommandException("gt convoy create", 127, "convoys are not supported here");
  }

  /** {@code gt convoy add <id> <beads...>} (reopens a closed convoy). */
  default void convoyAdd(String convoyId, List<String> beads) {
    throw new GtCommandException("gt convoy add", 127, "convoys are not supported here");
  }

  /** {@code gt convoy close <id> [--force]}; idempotent for a closed convoy. */
  default void convoyClose(String convoyId, boolean force) {
    throw new GtCommandException("gt convoy close", 127, "convoys are not supported here");
  }
}
