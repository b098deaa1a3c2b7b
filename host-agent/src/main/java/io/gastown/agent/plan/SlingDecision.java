package io.gastown.agent.plan;

import static io.gastown.agent.plan.Conditions.READY;
import static io.gastown.agent.plan.Conditions.SYNCED;

import io.gastown.agent.town.GtErrors;
import io.gastown.proto.v1.PolecatStatus;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusReport;
import java.util.Optional;

/** Whether to sling a bead no polecat holds: journal first, then past failures, then capacity. */
final class SlingDecision {
  private SlingDecision() {}

  static Plan decide(PolecatInput in, StatusReport.Builder report, PolecatStatus.Builder status) {
    Resource r = in.desired();
    String bead = r.getPolecat().getBeadId();
    Optional<InFlightSling> inFlight = in.facts().inFlight().filter(e -> e.beadId().equals(bead));
    if (PolecatPlanner.slingMayBeInFlight(in)) {
      return PolecatPlanner.waitForSling(report, status);
    }
    if (inFlight.isPresent()
        && inFlight.get().generation() == r.getGeneration()
        && inFlight.get().attempts() >= 2) {
      // Retried once after an unconfirmed sling and still no hook: stop rather than sling blind.
      return failed(
          report,
          status,
          "SlingUnconfirmed",
          "gt sling of " + bead + " ran twice but no polecat has the bead hooked");
    }
    Optional<Failure> failure =
        in.facts().failure().filter(f -> f.concerns(PolecatPlanner.SLING, r.getGeneration()));
    if (failure.isPresent()) {
      Failure f = failure.get();
      if (f.kind() == GtErrors.Kind.BEAD_CLOSED) {
        // The work is finished (or abandoned): never sling this generation again.
        status.setPhase("Done");
        String msg = f.message();
        report
            .addConditions(Conditions.isFalse(READY, "BeadClosed", msg))
            .addConditions(Conditions.isFalse(SYNCED, "BeadClosed", msg));
        return Plan.report(report.setPolecat(status).build());
      }
      // Shown until the retry's own outcome replaces it, so the condition does not flap.
      Plan reported = failed(report, status, reason(f.kind()), f.message());
      if (f.blocks(PolecatPlanner.SLING, r.getGeneration(), in.now())) {
        return reported;
      }
      return Plan.act(PolecatPlanner.sling(in), reported.status());
    }
    if (!in.capacityLeft()) {
      String msg = "this cluster's maxPolecats on this host is reached; waiting for a free slot";
      report
          .addConditions(Conditions.isFalse(READY, "CapacityReached", msg))
          .addConditions(Conditions.isFalse(SYNCED, "CapacityReached", msg));
      return Plan.report(report.setPolecat(status.setPhase("Pending")).build());
    }
    String msg = "slinging " + bead + " to rig " + in.rig().gtName();
    report
        .addConditions(Conditions.isFalse(READY, "Slinging", msg))
        .addConditions(Conditions.unknown(SYNCED, "Slinging", msg));
    return Plan.act(
        PolecatPlanner.sling(in), report.setPolecat(status.setPhase("Pending")).build());
  }

  private static Plan failed(
      StatusReport.Builder report, PolecatStatus.Builder status, String reason, String message) {
    report
        .addConditions(Conditions.isFalse(READY, reason, message))
        .addConditions(Conditions.isFalse(SYNCED, reason, message));
    return Plan.report(report.setPolecat(status.setPhase("Error")).build());
  }

  static String reason(GtErrors.Kind kind) {
    return switch (kind) {
      case BEAD_NOT_FOUND -> "BeadNotFound";
      case BEAD_HOOKED_ELSEWHERE -> "BeadHookedElsewhere";
      case BEAD_CLOSED -> "BeadClosed";
      default -> "SlingFailed";
    };
  }
}
