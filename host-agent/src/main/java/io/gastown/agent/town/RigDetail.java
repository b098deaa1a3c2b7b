package io.gastown.agent.town;

/**
 * What {@code gt rig status <rig>} says about one rig (text output).
 *
 * @param status lower-cased status word (operational, parked, docked), or empty
 * @param path the rig's directory in the town
 * @param beadsPrefix the prefix without its trailing dash, or empty
 */
public record RigDetail(String status, String path, String beadsPrefix) {}
