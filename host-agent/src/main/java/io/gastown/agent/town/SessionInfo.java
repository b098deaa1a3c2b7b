package io.gastown.agent.town;

/**
 * One entry of {@code gt session list --json}.
 *
 * @param rig the rig's gt name
 * @param polecat the polecat's name
 * @param sessionId the tmux session name
 * @param running whether the session is alive
 */
public record SessionInfo(String rig, String polecat, String sessionId, boolean running) {}
