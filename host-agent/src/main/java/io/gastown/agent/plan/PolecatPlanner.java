package io.gastown.agent.plan;

import static io.gastown.agent.plan.Conditions.READY;
import static io.gastown.agent.plan.Conditions.SYNCED;

import io.gastown.agent.town.GtErrors;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.SlingRequest;
import io.gastown.agent.validate.SpecValidator;
import io.gastown.agent.validate.Violation;
import io.gastown.proto.v1.PolecatDesiredState;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.PolecatStatus;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusReport;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides, without I/O, what to do about one Polecat: sling its bead, stop its session, nuke it, or
 * only report it. gt's own state is the first witness of a sling (a polecat with the bead hooked is
 * adopted, never slung again); the journal's in-flight entry covers the moment between starting
 * {@code gt sling} and seeing its effect.
 */
public final class PolecatPlanner {
  static final String SLING = "Sling";
  static final String STOP = "StopSession";
  static final String NUKE = "NukePolecat";

  private enum Desired {
    WORKING,
    IDLE,
    TERMINATED
  }

  private PolecatPlanner() {}

  public static Plan plan(PolecatInput in) {
    Resource r = in.desired();
    PolecatSpec spec = r.getPolecat();
    boolean deleting = r.getDeletionRequested();
    StatusReport.Builder report = Reports.base(r);
    PolecatStatus.Builder status = PolecatStatus.newBuilder().setBeadId(spec.getBeadId());
    if (in.rig().ok()) {
      status.setRigName(in.rig().gtName());
    }

    List<Violation> violations = SpecValidator.polecat(spec);
    if (!violations.isEmpty()) {
      String why = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
      return refuse(report, status.setPhase("Error"), "InvalidSpec", why, deleting);
    }
    if (!in.allow().allowsNamespace(r.getRef().getNamespace())) {
      return refuse(
          report,
          status.setPhase("Unknown"),
          "NotAllowed",
          "this host's configuration does not allow cluster '"
              + in.key().relay()
              + "' to use namespace "
              + r.getRef().getNamespace(),
          deleting);
    }
    Optional<PolecatInfo> polecat = find(in);
    Desired desired = deleting ? Desired.TERMINATED : desired(spec);
    if (desired == Desired.TERMINATED) {
      return terminate(in, polecat, report, status);
    }
    if (!in.rig().ok()) {
      polecat.ifPresent(p -> PolecatObservation.fill(in, p, status));
      if (polecat.isEmpty()) {
        status.setPhase("Pending");
      }
      return refuse(report, status, in.rig().problemReason(), in.rig().problemMessage(), false);
    }
    if (desired == Desired.IDLE) {
      return idle(in, polecat, report, status);
    }
    return work(in, polecat, report, status);
  }

  private static Desired desired(PolecatSpec spec) {
    return spec.getDesiredState() == PolecatDesiredState.POLECAT_DESIRED_STATE_IDLE
        ? Desired.IDLE
        : spec.getDesiredState() == PolecatDesiredState.POLECAT_DESIRED_STATE_TERMINATED
            ? Desired.TERMINATED
            : Desired.WORKING;
  }

  /** The polecat that has the bead hooked; else the one a sling gave us, if still ours. */
  static Optional<PolecatInfo> find(PolecatInput in) {
    String bead = in.desired().getPolecat().getBeadId();
    Optional<PolecatInfo> hooked = in.town().polecatWithBead(bead);
    if (hooked.isPresent() || in.facts().knownPolecat().isEmpty()) {
      return hooked;
    }
    String[] address = in.facts().knownPolecat().get().split("/", 2);
    return in.town()
        .polecat(address[0], address[1])
        .filter(p -> p.issue().isEmpty() || p.issue().equals(bead));
  }

  private static Plan refuse(
      StatusReport.Builder report,
      PolecatStatus.Builder status,
      String reason,
      String message,
      boolean finalized) {
    report
        .addConditions(Conditions.isFalse(READY, reason, message))
        .addConditions(Conditions.isFalse(SYNCED, reason, message))
        .setFinalized(finalized);
    return Plan.report(report.setPolecat(status).build());
  }

  private static Plan terminate(
      PolecatInput in,
      Optional<PolecatInfo> polecat,
      StatusReport.Builder report,
      PolecatStatus.Builder status) {
    Resource r = in.desired();
    if (polecat.isEmpty()) {
      if (slingMayBeInFlight(in)) {
        return waitForSling(report, status);
      }
      String msg = "no polecat holds bead " + r.getPolecat().getBeadId();
      report
          .addConditions(Conditions.isTrue(READY, "Terminated", msg))
          .addConditions(Conditions.isTrue(SYNCED, "Terminated", msg))
          .setFinalized(r.getDeletionRequested());
      return Plan.report(report.setPolecat(status.setPhase("Terminated")).build());
    }
    PolecatInfo p = polecat.get();
    PolecatObservation.fill(in, p, status);
    boolean force = Annotations.forceDelete(r);
    Optional<Failure> failure =
        in.facts().failure().filter(f -> f.concerns(NUKE, r.getGeneration()));
    if (failure.isPresent()) {
      Failure f = failure.get();
      boolean blocked = f.kind() == GtErrors.Kind.BLOCKED;
      String msg =
          "gt polecat nuke "
              + p.address()
              + " refused: "
              + f.message()
              + (force ? "" : " (annotate " + Annotations.FORCE_DELETE + "=\"true\" to force)");
      report
          .addConditions(Conditions.isFalse(READY, blocked ? "Blocked" : "NukeFailed", msg))
          .addConditions(Conditions.isFalse(SYNCED, blocked ? "Blocked" : "NukeFailed", msg));
      if (blocked) {
        report.addConditions(Conditions.isTrue("Blocked", "NukeRefused", f.message()));
      }
    } else {
      String msg = "nuking polecat " + p.address();
      report
          .addConditions(Conditions.isFalse(READY, "Terminating", msg))
          .addConditions(Conditions.unknown(SYNCED, "Terminating", msg));
    }
    StatusReport built = report.setPolecat(status).build();
    if (failure.isPresent() && failure.get().blocks(NUKE, r.getGeneration(), force, in.now())) {
      return Plan.report(built);
    }
    return Plan.act(
        new Action.NukePolecat(in.key(), r.getGeneration(), p.rig(), p.name(), force), built);
  }

  private static Plan idle(
      PolecatInput in,
      Optional<PolecatInfo> polecat,
      StatusReport.Builder report,
      PolecatStatus.Builder status) {
    Resource r = in.desired();
    if (polecat.isEmpty()) {
      if (slingMayBeInFlight(in)) {
        return waitForSling(report, status);
      }
      String msg = "desiredState is Idle and no polecat holds the bead: nothing is slung";
      report
          .addConditions(Conditions.isTrue(READY, "NotSlung", msg))
          .addConditions(Conditions.isTrue(SYNCED, "NotSlung", msg));
      return Plan.report(report.setPolecat(status.setPhase("Idle")).build());
    }
    PolecatInfo p = polecat.get();
    PolecatObservation.fill(in, p, status);
    if (!status.getSessionRunning()) {
      String msg = "the session of " + p.address() + " is stopped";
      report
          .addConditions(Conditions.isTrue(READY, "Idle", msg))
          .addConditions(Conditions.isTrue(SYNCED, "Idle", msg));
      return Plan.report(report.setPolecat(status.setPhase("Idle")).build());
    }
    Optional<Failure> failure =
        in.facts().failure().filter(f -> f.concerns(STOP, r.getGeneration()));
    String msg =
        failure
            .map(f -> "gt session stop " + p.address() + " failed: " + f.message())
            .orElse("stopping the session of " + p.address());
    String reason = failure.isPresent() ? "StopFailed" : "Stopping";
    report
        .addConditions(Conditions.isFalse(READY, reason, msg))
        .addConditions(
            failure.isPresent()
                ? Conditions.isFalse(SYNCED, reason, msg)
                : Conditions.unknown(SYNCED, reason, msg));
    StatusReport built = report.setPolecat(status).build();
    if (failure.isPresent() && failure.get().blocks(STOP, r.getGeneration(), in.now())) {
      return Plan.report(built);
    }
    return Plan.act(
        new Action.StopSession(in.key(), r.getGeneration(), p.rig(), p.name(), false), built);
  }

  private static Plan work(
      PolecatInput in,
      Optional<PolecatInfo> polecat,
      StatusReport.Builder report,
      PolecatStatus.Builder status) {
    if (polecat.isPresent()) {
      PolecatInfo p = polecat.get();
      PolecatObservation.fill(in, p, status);
      String phase = status.getPhase();
      boolean fine = phase.equals("Working") || phase.equals("Done");
      String msg = "polecat " + p.address() + " is " + phase.toLowerCase() + " on the bead";
      report
          .addConditions(
              fine ? Conditions.isTrue(READY, phase, msg) : Conditions.isFalse(READY, phase, msg))
          .addConditions(Conditions.isTrue(SYNCED, "Slung", msg));
      return Plan.report(report.setPolecat(status).build());
    }
    return SlingDecision.decide(in, report, status);
  }

  /** An in-flight sling for this bead that is younger than the command timeout. */
  static boolean slingMayBeInFlight(PolecatInput in) {
    return in.facts()
        .inFlight()
        .filter(e -> e.beadId().equals(in.desired().getPolecat().getBeadId()))
        .filter(e -> in.now().isBefore(e.startedAt().plus(in.commandTimeout())))
        .isPresent();
  }

  static Plan waitForSling(StatusReport.Builder report, PolecatStatus.Builder status) {
    String msg = "a gt sling may be in flight; waiting to see whether the bead gets hooked";
    report
        .addConditions(Conditions.isFalse(READY, "SlingInFlight", msg))
        .addConditions(Conditions.unknown(SYNCED, "SlingInFlight", msg));
    return Plan.report(report.setPolecat(status.setPhase("Pending")).build());
  }

  /** The sling command for this spec (every value was validated). */
  static Action.Sling sling(PolecatInput in) {
    PolecatSpec s = in.desired().getPolecat();
    return new Action.Sling(
        in.key(),
        in.desired().getGeneration(),
        new SlingRequest(
            s.getBeadId(),
            in.rig().gtName(),
            s.getAgent(),
            s.getSubject(),
            s.getMessage(),
            s.getMerge(),
            s.getBaseBranch()));
  }
}
