package io.gastown.agent.town;

/**
 * One entry of {@code gt polecat list --all --json}.
 *
 * @param rig the rig's gt name
 * @param name the polecat's name
 * @param state working, idle, done, stuck, stalled or zombie
 * @param issue the hooked bead, or empty
 * @param sessionRunning whether its tmux session is alive
 * @param zombie whether gt flagged it as a zombie
 * @param sessionName its tmux session name, or empty when gt did not say
 */
public record PolecatInfo(
    String rig,
    String name,
    String state,
    String issue,
    boolean sessionRunning,
    boolean zombie,
    String sessionName) {

  /** {@code <rig>/<name>}, gt's address of the polecat. */
  public String address() {
    return rig + "/" + name;
  }
}
