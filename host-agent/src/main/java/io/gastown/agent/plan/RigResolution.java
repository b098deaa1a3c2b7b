package io.gastown.agent.plan;

/**
 * What a Polecat's {@code spec.rig} resolves to in its cluster's desired Rigs.
 *
 * @param gtName gt's name of the rig (empty when unresolved)
 * @param beadsPrefix the rig's beads prefix (session names are {@code <prefix>-<polecat>})
 * @param problemReason empty when usable, else a condition reason (RigNotFound, ...)
 * @param problemMessage why, for a person
 */
public record RigResolution(
    String gtName, String beadsPrefix, String problemReason, String problemMessage) {

  public static RigResolution of(String gtName, String beadsPrefix) {
    return new RigResolution(gtName, beadsPrefix, "", "");
  }

  public static RigResolution problem(String reason, String message) {
    return new RigResolution("", "", reason, message);
  }

  public boolean ok() {
    return problemReason.isEmpty();
  }
}
