package io.gastown.agent.plan;

import java.util.List;

/** One gt mutation a planner asks for. Executed by act/, never by the planner. */
public sealed interface Action
    permits Action.AddRig,
        Action.RemoveRig,
        Action.Sling,
        Action.StopSession,
        Action.NukePolecat,
        Action.CreateConvoy,
        Action.AddToConvoy,
        Action.CloseConvoy,
        Action.CreateBead {

  /** The resource this action serves. */
  ResourceKey key();

  /** The spec generation it was planned from. */
  long generation();

  /** Short name for logs, metrics and failure records, e.g. {@code AddRig}. */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * The town objects this action changes ({@code rig:<name>}, {@code bead:<id>}, {@code
   * polecat:<rig>/<name>}); two actions sharing one never run at once.
   */
  List<String> townLocks();

  /** {@code gt rig add <rigName> <gitUrl> --prefix <prefix> [--branch <branch>]}. */
  record AddRig(
      ResourceKey key, long generation, String rigName, String gitUrl, String prefix, String branch)
      implements Action {
    @Override
    public List<String> townLocks() {
      return List.of("rig:" + rigName);
    }
  }

  /** {@code gt rig remove <rigName> [--force]}. */
  record RemoveRig(ResourceKey key, long generation, String rigName, boolean force)
      implements Action {
    @Override
    public List<String> townLocks() {
      return List.of("rig:" + rigName);
    }
  }

  /**
   * {@code gt sling <bead> <rig> [options]}; every string already validated.
   *
   * @param request the validated arguments
   */
  record Sling(ResourceKey key, long generation, io.gastown.agent.town.SlingRequest request)
      implements Action {
    @Override
    public List<String> townLocks() {
      return List.of("bead:" + request.beadId());
    }
  }

  /** {@code gt session stop <rig>/<polecat> [--force]}. */
  record StopSession(
      ResourceKey key, long generation, String rigName, String polecatName, boolean force)
      implements Action {
    @Override
    public List<String> townLocks() {
      return List.of("polecat:" + rigName + "/" + polecatName);
    }
  }

  /** {@code gt polecat nuke <rig>/<polecat> [--force]}. */
  record NukePolecat(
      ResourceKey key, long generation, String rigName, String polecatName, boolean force)
      implements Action {
    @Override
    public List<String> townLocks() {
      return List.of("polecat:" + rigName + "/" + polecatName);
    }
  }

  /** {@code gt convoy create <description> <beads...> [options]}; prints the new convoy's id. */
  record CreateConvoy(
      ResourceKey key, long generation, io.gastown.agent.town.ConvoyCreateRequest request)
      implements Action {
    @Override
    public List<String> townLocks() {
      // one create per description at a time: the witness after a crash is title + tracked set
      return List.of("convoy-title:" + request.description());
    }
  }

  /** {@code gt convoy add <convoyId> <beads...>}. */
  record AddToConvoy(ResourceKey key, long generation, String convoyId, List<String> beads)
      implements Action {
    public AddToConvoy {
      beads = List.copyOf(beads);
    }

    @Override
    public List<String> townLocks() {
      return List.of("convoy:" + convoyId);
    }
  }

  /** {@code gt convoy close <convoyId> [--force]}. */
  record CloseConvoy(ResourceKey key, long generation, String convoyId, boolean force)
      implements Action {
    @Override
    public List<String> townLocks() {
      return List.of("convoy:" + convoyId);
    }
  }

  /**
   * {@code bd create --title <title> [--description <d>] --labels <label> --json} in the rig's
   * beads, unless a bead with {@code label} exists already (then that one is the answer).
   */
  record CreateBead(ResourceKey key, long generation, io.gastown.agent.town.BeadRequest request)
      implements Action {
    @Override
    public List<String> townLocks() {
      return List.of("bead-label:" + request.label());
    }
  }
}
