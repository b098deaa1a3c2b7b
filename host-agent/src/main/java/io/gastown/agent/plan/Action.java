package io.gastown.agent.plan;

import java.util.List;

/** One gt mutation a planner asks for. Executed by act/, never by the planner. */
public sealed interface Action
    permits Action.AddRig, Action.RemoveRig, Action.Sling, Action.StopSession, Action.NukePolecat {

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
}
