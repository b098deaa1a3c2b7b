package io.gastown.agent.act;

import io.gastown.agent.plan.Action;
import io.gastown.agent.town.GtCli;
import io.gastown.agent.town.SlingResult;
import java.util.Optional;

/** Turns an action into its gt command. */
final class ActionRunner {
  private final GtCli gt;

  ActionRunner(GtCli gt) {
    this.gt = gt;
  }

  /** Runs the action; returns the sling's result for slings. Throws GtException on failure. */
  Optional<SlingResult> run(Action action) {
    if (action instanceof Action.AddRig a) {
      gt.rigAdd(a.rigName(), a.gitUrl(), a.prefix(), a.branch());
    } else if (action instanceof Action.RemoveRig a) {
      gt.rigRemove(a.rigName(), a.force());
    } else if (action instanceof Action.Sling a) {
      return Optional.of(gt.sling(a.request()));
    } else if (action instanceof Action.StopSession a) {
      gt.sessionStop(a.rigName(), a.polecatName(), a.force());
    } else if (action instanceof Action.NukePolecat a) {
      gt.polecatNuke(a.rigName(), a.polecatName(), a.force());
    } else {
      throw new IllegalArgumentException("unknown action " + action);
    }
    return Optional.empty();
  }
}
