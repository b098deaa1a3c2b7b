package io.gastown.agent.town.watch;

/**
 * The directories of a town that real gt (steveyegge/gastown v1.0.x) and bd write when the town's
 * state changes, and which of their entries mean a change. Nothing under {@code <town>/.standin/}
 * (the stand-in's own files) is ever watched.
 */
public enum WatchKind {
  /**
   * {@code <town>/mayor/}: {@code rigs.json}, gt's rig registry (rig add/remove), written
   * atomically (temp file + rename).
   */
  RIG_REGISTRY,
  /**
   * {@code <town>/.beads-wisp/config/}: {@code <rig>.json}, the wisp layer where {@code gt rig
   * park}/{@code unpark} set and unset {@code status: parked} (internal/wisp/config.go).
   */
  PARK_STATE,
  /**
   * {@code <town>/.runtime/heartbeats/}: {@code <session>.json}, rewritten by every gt command a
   * polecat runs; only a new or removed file, or a changed {@code state}/{@code bead}, is a change.
   */
  HEARTBEATS,
  /** {@code <town>/<rig>/polecats/}: a polecat's directory appears (sling) or goes (nuke). */
  POLECATS,
  /**
   * {@code <town>/.dolt-data/<db>/.dolt/noms/}: the Dolt server's store of one beads database (the
   * town's {@code hq} and one per rig). Every bd write — a bead hooked, closed, a convoy created,
   * the {@code status:docked} label of {@code gt rig dock} — commits there.
   */
  BEADS_DATABASE;

  /**
   * Whether an event on {@code name} in a directory of this kind is a town change. Heartbeat
   * content is judged apart ({@link HeartbeatStates}); here only its file names.
   */
  boolean matters(String name, EventType type) {
    return switch (this) {
      case RIG_REGISTRY -> name.equals("rigs.json");
      case PARK_STATE, HEARTBEATS -> name.endsWith(".json") && !name.startsWith(".");
      case POLECATS -> !name.startsWith(".") && type != EventType.MODIFIED;
      case BEADS_DATABASE -> true;
    };
  }

  /** What happened to a directory entry. */
  enum EventType {
    CREATED,
    MODIFIED,
    DELETED
  }
}
