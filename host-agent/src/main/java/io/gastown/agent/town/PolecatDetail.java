package io.gastown.agent.town;

/**
 * What {@code gt polecat status <rig>/<name> --json} says; absent strings are empty.
 *
 * @param rig rig name
 * @param name polecat name
 * @param state lifecycle state
 * @param issue hooked bead
 * @param clonePath worktree path
 * @param branch the polecat's branch
 * @param sessionRunning whether its session is alive
 * @param sessionId tmux session name
 * @param lastActivity gt's timestamp string {@code 2006-01-02 15:04:05}
 */
public record PolecatDetail(
    String rig,
    String name,
    String state,
    String issue,
    String clonePath,
    String branch,
    boolean sessionRunning,
    String sessionId,
    String lastActivity) {}
