package io.gastown.agent;

/** This agent's release. */
public final class AgentVersion {
  /** The release written into Hello and printed by {@code version}. */
  public static final String VERSION = "0.1.0";

  private AgentVersion() {}
}
