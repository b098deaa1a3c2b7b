package io.gastown.agent.plan;

import java.util.Optional;

/**
 * What the agent itself remembers about one resource, beyond the cluster's spec and the town's
 * state.
 *
 * @param failure the last failed action, until an action for the resource succeeds
 * @param inFlight a sling that may have happened (from the journal, which survives restarts)
 * @param knownPolecat the polecat ({@code rig/name}) a sling or an adoption gave this resource
 */
public record ResourceFacts(
    Optional<Failure> failure, Optional<InFlightSling> inFlight, Optional<String> knownPolecat) {

  public ResourceFacts(Optional<Failure> failure) {
    this(failure, Optional.empty(), Optional.empty());
  }

  public static ResourceFacts none() {
    return new ResourceFacts(Optional.empty());
  }
}
