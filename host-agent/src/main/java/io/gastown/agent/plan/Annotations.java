package io.gastown.agent.plan;

import io.gastown.proto.v1.Resource;

/** The annotations the agent honours. */
public final class Annotations {
  /** The user allows {@code --force} when deleting or terminating. */
  public static final String FORCE_DELETE = "gastown.gastown.io/force-delete";

  /** On a CR mirrored from the town: the town object it shows (rig, rig/polecat, convoy id). */
  public static final String TOWN_NAME = "gastown.gastown.io/town-name";

  /** The label of a CR mirrored from the town, and its value. */
  public static final String ORIGIN_LABEL = "gastown.gastown.io/origin";

  private Annotations() {}

  /**
   * Whether the relay mirrored this resource from the town: it shows the town and never asks
   * anything of it.
   */
  public static boolean mirrored(Resource r) {
    return "town".equals(r.getLabelsOrDefault(ORIGIN_LABEL, ""));
  }

  public static boolean forceDelete(Resource r) {
    return "true".equals(r.getAnnotationsOrDefault(FORCE_DELETE, ""));
  }
}
