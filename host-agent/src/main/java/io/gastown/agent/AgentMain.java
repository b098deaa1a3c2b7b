package io.gastown.agent;

/** Wiring only. */
public final class AgentMain {
  public static void main(String[] args) {}
}
