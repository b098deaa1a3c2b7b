package io.gastown.agent.validate;

import io.gastown.proto.v1.RigSpec;

/** Maps a Rig CR to gt's name for it: gt forbids hyphens, Kubernetes forbids underscores. */
public final class RigNames {
  private RigNames() {}

  /** {@code spec.rigName} when set, else the CR name with every '-' turned into '_'. */
  public static String gtName(RigSpec spec, String crName) {
    return spec.getRigName().isEmpty() ? crName.replace('-', '_') : spec.getRigName();
  }
}
