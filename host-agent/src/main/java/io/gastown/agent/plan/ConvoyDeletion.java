package io.gastown.agent.plan;

import static io.gastown.agent.plan.Conditions.READY;
import static io.gastown.agent.plan.Conditions.SYNCED;

import io.gastown.agent.town.ConvoyInfo;
import io.gastown.agent.town.GtErrors;
import io.gastown.proto.v1.ConvoyStatus;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusReport;
import java.util.Optional;

/**
 * A Convoy being deleted: {@code Retain} leaves the convoy and finalizes at once; {@code Close}
 * runs {@code gt convoy close} (with {@code --force} only when annotated) and finalizes once the
 * convoy is closed or there is none. gt's refusal (open issues) becomes a condition, and the
 * finalizer stays.
 */
final class ConvoyDeletion {
  private ConvoyDeletion() {}

  static Plan plan(
      ConvoyInput in,
      Optional<ConvoyInfo> convoy,
      StatusReport.Builder report,
      ConvoyStatus.Builder status) {
    Resource r = in.desired();
    convoy.ifPresent(c -> ConvoyProgress.fill(in, c, status));
    if (!ConvoyPlanner.closes(r)) {
      String msg = "deletion policy Retain: the convoy stays in the town";
      return finalized(report, status, "Retained", msg);
    }
    if (convoy.isEmpty()) {
      Optional<ConvoyRecord> unconfirmed = in.record().filter(rec -> !rec.bound());
      if (unconfirmed.isPresent() && ConvoyPlanner.createMayBeInFlight(in, unconfirmed.get())) {
        return ConvoyPlanner.waitForCreate(report, status);
      }
      return finalized(
          report, status.setPhase("Unknown"), "Deleted", "there is no convoy to close");
    }
    ConvoyInfo c = convoy.get();
    if (c.closed()) {
      return finalized(report, status, "Closed", "convoy " + c.id() + " is closed");
    }
    boolean force = Annotations.forceDelete(r);
    Optional<Failure> failure =
        in.failure().filter(f -> f.concerns(ConvoyPlanner.CLOSE, r.getGeneration()));
    if (failure.isPresent()) {
      Failure f = failure.get();
      String reason = f.kind() == GtErrors.Kind.BLOCKED ? "CloseRefused" : "CloseFailed";
      String msg =
          "gt convoy close "
              + c.id()
              + " refused: "
              + f.message()
              + (force ? "" : " (annotate " + Annotations.FORCE_DELETE + "=\"true\" to force)");
      report
          .addConditions(Conditions.isFalse(READY, reason, msg))
          .addConditions(Conditions.isFalse(SYNCED, reason, msg));
    } else {
      String msg = "closing convoy " + c.id();
      report
          .addConditions(Conditions.isFalse(READY, "Closing", msg))
          .addConditions(Conditions.unknown(SYNCED, "Closing", msg));
    }
    StatusReport built = report.setConvoy(status).build();
    if (failure.isPresent()
        && failure.get().blocks(ConvoyPlanner.CLOSE, r.getGeneration(), force, in.now())) {
      return Plan.report(built);
    }
    return Plan.act(new Action.CloseConvoy(in.key(), r.getGeneration(), c.id(), force), built);
  }

  private static Plan finalized(
      StatusReport.Builder report, ConvoyStatus.Builder status, String reason, String message) {
    report
        .addConditions(Conditions.isFalse(READY, reason, message))
        .addConditions(Conditions.isTrue(SYNCED, reason, message))
        .setFinalized(true);
    return Plan.report(report.setConvoy(status).build());
  }
}
