package io.gastown.agent.reconcile;

import io.gastown.agent.act.Outcome;
import io.gastown.agent.plan.Action;
import io.gastown.agent.plan.Failure;
import io.gastown.proto.v1.Event;

/** The Event recorded on a CR after each of its actions. */
final class ActionEvents {
  private ActionEvents() {}

  static Event of(Action action, Outcome outcome, EventIds ids) {
    String uid = action.key().uid();
    if (outcome.failure().isPresent()) {
      Failure f = outcome.failure().get();
      String reason = failureReason(action, f);
      return Event.newBuilder()
          .setId(ids.next(uid, reason, action.generation()))
          .setWarning(true)
          .setReason(reason)
          .setMessage(command(action) + " failed: " + f.message())
          .build();
    }
    String reason = successReason(action);
    return Event.newBuilder()
        .setId(ids.next(uid, reason, action.generation()))
        .setReason(reason)
        .setMessage(command(action) + " succeeded" + slingDetail(outcome))
        .build();
  }

  private static String successReason(Action a) {
    if (a instanceof Action.AddRig) {
      return "RigAdded";
    }
    if (a instanceof Action.RemoveRig) {
      return "RigRemoved";
    }
    if (a instanceof Action.Sling) {
      return "Slung";
    }
    if (a instanceof Action.StopSession) {
      return "Stopped";
    }
    if (a instanceof Action.CreateConvoy) {
      return "ConvoyCreated";
    }
    if (a instanceof Action.AddToConvoy) {
      return "BeadsAdded";
    }
    if (a instanceof Action.CloseConvoy) {
      return "ConvoyClosed";
    }
    if (a instanceof Action.CreateBead) {
      return "BeadCreated";
    }
    return "Nuked";
  }

  private static String failureReason(Action a, Failure f) {
    if (f.kind() == io.gastown.agent.town.GtErrors.Kind.BLOCKED) {
      return "Blocked";
    }
    if (a instanceof Action.AddRig) {
      return "AddFailed";
    }
    if (a instanceof Action.RemoveRig) {
      return "RemoveFailed";
    }
    return "Failed";
  }

  private static String command(Action a) {
    if (a instanceof Action.AddRig add) {
      return "gt rig add " + add.rigName();
    }
    if (a instanceof Action.RemoveRig rm) {
      return "gt rig remove " + rm.rigName() + (rm.force() ? " --force" : "");
    }
    if (a instanceof Action.Sling s) {
      return "gt sling " + s.request().beadId() + " " + s.request().rigName();
    }
    if (a instanceof Action.StopSession s) {
      return "gt session stop " + s.rigName() + "/" + s.polecatName();
    }
    if (a instanceof Action.CreateConvoy c) {
      return "gt convoy create (" + c.request().beads().size() + " beads)";
    }
    if (a instanceof Action.AddToConvoy c) {
      return "gt convoy add " + c.convoyId() + " " + String.join(" ", c.beads());
    }
    if (a instanceof Action.CloseConvoy c) {
      return "gt convoy close " + c.convoyId() + (c.force() ? " --force" : "");
    }
    if (a instanceof Action.CreateBead b) {
      return "bd create in rig " + b.request().rigName();
    }
    Action.NukePolecat n = (Action.NukePolecat) a;
    return "gt polecat nuke " + n.rigName() + "/" + n.polecatName() + (n.force() ? " --force" : "");
  }

  private static String slingDetail(Outcome o) {
    return o.sling()
        .map(s -> ": polecat " + s.polecatName())
        .or(() -> o.created().map(id -> ": " + id))
        .orElse("");
  }
}
