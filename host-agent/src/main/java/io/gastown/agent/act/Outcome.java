package io.gastown.agent.act;

import io.gastown.agent.plan.Failure;
import io.gastown.agent.town.SlingResult;
import java.util.Optional;

/**
 * How an action ended.
 *
 * @param sling what gt sling printed, for a successful sling
 * @param failure why it failed, when it did
 */
public record Outcome(Optional<SlingResult> sling, Optional<Failure> failure) {

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
