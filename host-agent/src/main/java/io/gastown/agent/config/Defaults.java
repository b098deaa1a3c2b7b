package io.gastown.agent.config;

import java.nio.file.Path;
import java.util.Map;

/** Defaults that depend on the environment. */
final class Defaults {
  private Defaults() {}

  /** {@code $XDG_STATE_HOME/gastown-agent}, else {@code ~/.local/state/gastown-agent}. */
  static Path stateDir(Map<String, String> env) {
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "gastown-agent");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".local", "state", "gastown-agent");
  }
}
