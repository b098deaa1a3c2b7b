package io.gastown.agent.plan;

import io.gastown.proto.v1.Resource;

/** The annotations the agent honours. */
public final class Annotations {
  /** The user allows {@code --force} when deleting or terminating. */
  public static final String FORCE_DELETE = "gastown.gastown.io/force-delete";

  private Annotations() {}

  public static boolean forceDelete(Resource r) {
    return "true".equals(r.getAnnotationsOrDefault(FORCE_DELETE, ""));
  }
}
