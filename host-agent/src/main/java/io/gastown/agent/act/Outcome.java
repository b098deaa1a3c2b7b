package io.gastown.agent.act;

import io.gastown.agent.plan.Failure;
import io.gastown.agent.town.SlingResult;
import java.util.Optional;

/**
 * How an action ended.
 *
 * @param sling what gt sling printed, for a successful sling
 * @param failure why it failed, when it did
 * @param uncertain whether the command may have taken effect despite failing (it timed out, or its
 *     output was unreadable): only an observation can tell
 * @param created the id a successful create printed (a convoy's {@code hq-cv-…}, a bead's id)
 */
public record Outcome(
    Optional<SlingResult> sling,
    Optional<Failure> failure,
    boolean uncertain,
    Optional<String> created) {

  public Outcome(Optional<SlingResult> sling, Optional<Failure> failure, boolean uncertain) {
    this(sling, failure, uncertain, Optional.empty());
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
