package io.gastown.agent.town;

/**
 * One entry of {@code gt rig list --json}.
 *
 * @param name gt's rig name
 * @param beadsPrefix the rig's beads prefix
 * @param status operational, parked, docked or error
 * @param witness running or stopped
 * @param refinery running or stopped
 * @param polecats number of polecats
 * @param crew number of crew members
 */
public record RigInfo(
    String name,
    String beadsPrefix,
    String status,
    String witness,
    String refinery,
    int polecats,
    int crew) {}
