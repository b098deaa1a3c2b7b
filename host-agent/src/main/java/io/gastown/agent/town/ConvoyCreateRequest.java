package io.gastown.agent.town;

import java.util.List;

/**
 * The arguments of one {@code gt convoy create}; every value has been validated (the description
 * cannot be read as an option or as an issue id); empty strings are absent.
 *
 * @param description the convoy's name
 * @param beads the beads to track, at least one
 * @param owner {@code --owner}
 * @param notifyAddress {@code --notify}
 * @param merge {@code --merge} (direct, mr, local)
 * @param baseBranch {@code --base-branch}
 */
public record ConvoyCreateRequest(
    String description,
    List<String> beads,
    String owner,
    String notifyAddress,
    String merge,
    String baseBranch) {

  public ConvoyCreateRequest {
    beads = List.copyOf(beads);
  }
}
