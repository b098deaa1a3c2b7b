package io.gastown.agent.plan;

import io.gastown.proto.v1.StatusReport;
import java.util.List;

/**
 * What a planner decided for one resource.
 *
 * @param actions gt mutations to run (usually zero or one)
 * @param status the status to report, without seq and events (the reporter adds those)
 */
public record Plan(List<Action> actions, StatusReport status) {

  public Plan {
    actions = List.copyOf(actions);
  }

  public static Plan report(StatusReport status) {
    return new Plan(List.of(), status);
  }

  public static Plan act(Action action, StatusReport status) {
    return new Plan(List.of(action), status);
  }
}
