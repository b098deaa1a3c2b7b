package io.gastown.agent.plan;

import io.gastown.agent.town.GtErrors;
import java.time.Instant;

/**
 * The last failed action of a resource, remembered so the planner reports it and waits.
 *
 * @param action the action's name (e.g. {@code AddRig})
 * @param kind what gt's message means
 * @param message gt's own words
 * @param generation the spec generation the action was planned from
 * @param retryAt when the action may be tried again (jittered backoff, chosen by the executor)
 * @param forced whether the failed action used {@code --force}: an unforced failure does not hold
 *     back a forced retry the user asked for
 */
public record Failure(
    String action,
    GtErrors.Kind kind,
    String message,
    long generation,
    Instant retryAt,
    boolean forced) {

  public Failure(
      String action, GtErrors.Kind kind, String message, long generation, Instant retryAt) {
    this(action, kind, message, generation, retryAt, false);
  }

  /**
   * As {@link #blocks(String, long, Instant)}, for an action that would now run with {@code force}.
   */
  public boolean blocks(String actionName, long currentGeneration, boolean force, Instant now) {
    return blocks(actionName, currentGeneration, now) && (forced || !force);
  }

  /**
   * Whether this failure of {@code actionName} still holds back the same generation at {@code now}.
   */
  public boolean blocks(String actionName, long currentGeneration, Instant now) {
    return action.equals(actionName) && generation == currentGeneration && now.isBefore(retryAt);
  }

  /** Whether it is a failure of {@code actionName} for this generation (waiting or not). */
  public boolean concerns(String actionName, long currentGeneration) {
    return action.equals(actionName) && generation == currentGeneration;
  }
}
