package io.gastown.agent.act;

import io.gastown.agent.plan.Action;
import io.gastown.agent.town.BdCli;
import io.gastown.agent.town.GtCli;
import io.gastown.agent.town.SlingResult;
import java.util.Optional;

/** Turns an action into its gt (or bd) command. */
final class ActionRunner {
  private final GtCli gt;
  private final BdCli bd;

  ActionRunner(GtCli gt, BdCli bd) {
    this.gt = gt;
    this.bd = bd;
  }

  /** What a command printed that its resource needs: a sling's result, a created id. */
  record Ran(Optional<SlingResult> sling, Optional<String> created) {
    static final Ran NOTHING = new Ran(Optional.empty(), Optional.empty());
  }

  /** Runs the action. Throws GtException on failure. */
  Ran run(Action action) {
    if (action instanceof Action.AddRig a) {
      gt.rigAdd(a.rigName(), a.gitUrl(), a.prefix(), a.branch());
    } else if (action instanceof Action.RemoveRig a) {
      gt.rigRemove(a.rigName(), a.force());
    } else if (action instanceof Action.Sling a) {
      return new Ran(Optional.of(gt.sling(a.request())), Optional.empty());
    } else if (action instanceof Action.StopSession a) {
      gt.sessionStop(a.rigName(), a.polecatName(), a.force());
    } else if (action instanceof Action.NukePolecat a) {
      gt.polecatNuke(a.rigName(), a.polecatName(), a.force());
    } else if (action instanceof Action.CreateConvoy a) {
      return new Ran(Optional.empty(), Optional.of(gt.convoyCreate(a.request())));
    } else if (action instanceof Action.AddToConvoy a) {
      gt.convoyAdd(a.convoyId(), a.beads());
    } else if (action instanceof Action.CloseConvoy a) {
      gt.convoyClose(a.convoyId(), a.force());
    } else if (action instanceof Action.CreateBead a) {
      return new Ran(Optional.empty(), Optional.of(bd.ensureBead(a.request())));
    } else {
      throw new IllegalArgumentException("unknown action " + action);
    }
    return Ran.NOTHING;
  }
}
