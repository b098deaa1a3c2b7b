package io.gastown.agent.town;

import java.nio.file.Path;

/** Where gt keeps things in a town, as gt computes it (no gt call needed). */
public final class TownLayout {
  private TownLayout() {}

  /**
   * A rig's directory: always {@code <town>/<rig>} — gt's rig manager builds it as {@code
   * filepath.Join(townRoot, name)} (internal/rig/manager.go, {@code loadRig}), and {@code gt rig
   * status} prints that same value as its {@code Path:}.
   */
  public static String rigPath(String townRoot, String rigName) {
    return Path.of(townRoot).resolve(rigName).toString();
  }
}
