package io.gastown.agent.town;

/**
 * What {@code gt sling} printed.
 *
 * @param polecatName the polecat that got the bead
 * @param reused whether gt reused an idle polecat instead of creating one
 * @param convoyId the convoy created or already tracking the bead, or empty
 */
public record SlingResult(String polecatName, boolean reused, String convoyId) {}
