package io.gastown.agent.plan;

import java.util.Optional;

/**
 * What the agent itself remembers about one resource, beyond the cluster's spec and the town's
 * state: the last failed action (to report it and wait out its backoff).
 *
 * @param failure the last failure, until an action for the resource succeeds
 */
public record ResourceFacts(Optional<Failure> failure) {

  public static ResourceFacts none() {
    return new ResourceFacts(Optional.empty());
  }
}
