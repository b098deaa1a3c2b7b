package io.gastown.agent.plan;

import static io.gastown.agent.plan.Conditions.READY;
import static io.gastown.agent.plan.Conditions.SYNCED;

import io.gastown.agent.town.GtErrors;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.TownLayout;
import io.gastown.agent.validate.RigNames;
import io.gastown.agent.validate.SpecValidator;
import io.gastown.agent.validate.Violation;
import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.RigSpec;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides, without I/O, what to do about one Rig: add it, remove it, or only report it. Same input,
 * same plan.
 */
public final class RigPlanner {
  static final String ADD = "AddRig";
  static final String REMOVE = "RemoveRig";

  private RigPlanner() {}

  public static Plan plan(RigInput in) {
    Resource r = in.desired();
    RigSpec spec = r.getRig();
    String crName = r.getRef().getName();
    String gtName = RigNames.gtName(spec, crName);
    StatusReport.Builder report = Reports.base(r);
    RigStatus.Builder status =
        RigStatus.newBuilder().setRigName(gtName).setBeadsPrefix(spec.getBeadsPrefix());

    List<Violation> violations = SpecValidator.rig(spec, crName);
    if (!violations.isEmpty()) {
      String why = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
      return refuse(r, report, status.setPhase("Error"), "InvalidSpec", why);
    }
    if (!in.allow().allowsRig(gtName, crName)) {
      return refuse(
          r,
          report,
          status.setPhase("Unknown"),
          "NotAllowed",
          "this host's configuration does not allow cluster '"
              + in.key().relay()
              + "' to use rig "
              + gtName);
    }
    if (in.boundTo().isPresent()) {
      ResourceKey holder = in.boundTo().get();
      boolean sameCluster = holder.relay().equals(in.key().relay());
      return refuse(
          r,
          report,
          status.setPhase("Unknown"),
          sameCluster ? "RigNameConflict" : "RigBoundElsewhere",
          sameCluster
              ? "another Rig (uid " + holder.uid() + ") already maps to gt rig " + gtName
              : "gt rig " + gtName + " is bound to cluster '" + holder.relay() + "'");
    }
    Optional<RigInfo> rig = in.town().rig(gtName);
    if (r.getDeletionRequested()) {
      return planDeletion(in, gtName, rig, report, status);
    }
    if (rig.isEmpty()) {
      return planAdd(in, gtName, report, status);
    }
    observed(in, rig.get(), status, report);
    return Plan.report(report.setRig(status).build());
  }

  /** An invalid, disallowed or conflicting rig: nothing is done, and a deletion may finish. */
  private static Plan refuse(
      Resource r,
      StatusReport.Builder report,
      RigStatus.Builder status,
      String reason,
      String message) {
    report
        .addConditions(Conditions.isFalse(READY, reason, message))
        .addConditions(Conditions.isFalse(SYNCED, reason, message))
        .setFinalized(r.getDeletionRequested());
    return Plan.report(report.setRig(status).build());
  }

  private static Plan planAdd(
      RigInput in, String gtName, StatusReport.Builder report, RigStatus.Builder status) {
    Resource r = in.desired();
    RigSpec spec = r.getRig();
    Optional<Failure> failure =
        in.facts().failure().filter(f -> f.concerns(ADD, r.getGeneration()));
    if (failure.isPresent()) {
      String msg = "gt rig add failed: " + failure.get().message();
      report
          .addConditions(Conditions.isFalse(READY, "AddFailed", msg))
          .addConditions(Conditions.isFalse(SYNCED, "AddFailed", msg));
      status.setPhase("Error");
    } else {
      String msg = "adding rig " + gtName + " to the town";
      report
          .addConditions(Conditions.isFalse(READY, "Adding", msg))
          .addConditions(Conditions.unknown(SYNCED, "Adding", msg));
      status.setPhase("Pending");
    }
    StatusReport built = report.setRig(status).build();
    if (failure.isPresent() && failure.get().blocks(ADD, r.getGeneration(), in.now())) {
      return Plan.report(built);
    }
    return Plan.act(
        new Action.AddRig(
            in.key(),
            r.getGeneration(),
            gtName,
            spec.getGitUrl(),
            spec.getBeadsPrefix(),
            spec.getBranch()),
        built);
  }

  private static Plan planDeletion(
      RigInput in,
      String gtName,
      Optional<RigInfo> rig,
      StatusReport.Builder report,
      RigStatus.Builder status) {
    Resource r = in.desired();
    boolean remove = r.getRig().getDeletionPolicy() == DeletionPolicy.DELETION_POLICY_REMOVE;
    if (rig.isEmpty()) {
      String msg = remove ? "rig " + gtName + " is not in the town" : "deletion policy Retain";
      report
          .addConditions(Conditions.isFalse(READY, "Deleted", msg))
          .addConditions(Conditions.isTrue(SYNCED, "Deleted", msg));
      return Plan.report(report.setRig(status.setPhase("Unknown")).setFinalized(true).build());
    }
    if (!remove) {
      observed(in, rig.get(), status, report);
      return Plan.report(report.setRig(status).setFinalized(true).build());
    }
    observedStatus(in, rig.get(), status);
    Optional<Failure> failure =
        in.facts().failure().filter(f -> f.concerns(REMOVE, r.getGeneration()));
    if (failure.isPresent()) {
      Failure f = failure.get();
      String reason = f.kind() == GtErrors.Kind.BLOCKED ? "RemoveRefused" : "RemoveFailed";
      String msg =
          "gt rig remove "
              + gtName
              + " failed: "
              + f.message()
              + (Annotations.forceDelete(r)
                  ? ""
                  : " (annotate " + Annotations.FORCE_DELETE + "=\"true\" to force)");
      report
          .addConditions(Conditions.isFalse(READY, reason, msg))
          .addConditions(Conditions.isFalse(SYNCED, reason, msg));
    } else {
      String msg = "removing rig " + gtName + " from the town";
      report
          .addConditions(Conditions.isFalse(READY, "Removing", msg))
          .addConditions(Conditions.unknown(SYNCED, "Removing", msg));
    }
    StatusReport built = report.setRig(status).build();
    if (failure.isPresent()
        && failure.get().blocks(REMOVE, r.getGeneration(), Annotations.forceDelete(r), in.now())) {
      return Plan.report(built);
    }
    return Plan.act(
        new Action.RemoveRig(in.key(), r.getGeneration(), gtName, Annotations.forceDelete(r)),
        built);
  }

  /** Fills status and conditions from the town's view of an existing rig. */
  private static void observed(
      RigInput in, RigInfo rig, RigStatus.Builder status, StatusReport.Builder report) {
    observedStatus(in, rig, status);
    String phase = status.getPhase();
    String gtName = rig.name();
    if (phase.equals("Ready")) {
      report.addConditions(
          Conditions.isTrue(READY, "Operational", "rig " + gtName + " is operational"));
    } else {
      report.addConditions(
          Conditions.isFalse(
              READY, phase, "gt reports rig " + gtName + " as '" + rig.status() + "'"));
    }
    report.addConditions(Conditions.isTrue(SYNCED, "Observed", "the town matches the spec"));
    String expected = in.desired().getRig().getLocalPath();
    if (!expected.isEmpty()) {
      if (samePath(expected, status.getPath())) {
        report.addConditions(
            Conditions.isFalse("PathMismatch", "PathMatches", "the rig is at " + expected));
      } else {
        report.addConditions(
            Conditions.isTrue(
                "PathMismatch",
                "PathMismatch",
                "gt has the rig at " + status.getPath() + ", spec.localPath says " + expected));
      }
    }
  }

  private static void observedStatus(RigInput in, RigInfo rig, RigStatus.Builder status) {
    String path = TownLayout.rigPath(in.townRoot(), rig.name());
    status
        .setPhase(phase(rig.status()))
        .setTownStatus(rig.status())
        .setPath(path)
        .setWitness(rig.witness())
        .setRefinery(rig.refinery())
        .setPolecats(rig.polecats())
        .setCrew(rig.crew());
    if (!rig.beadsPrefix().isEmpty()) {
      status.setBeadsPrefix(rig.beadsPrefix());
    }
  }

  /** gt's status word to the CRD's phase. */
  static String phase(String townStatus) {
    return switch (townStatus) {
      case "operational" -> "Ready";
      case "parked" -> "Parked";
      case "docked" -> "Docked";
      case "error" -> "Error";
      default -> "Unknown";
    };
  }

  private static boolean samePath(String a, String b) {
    return Path.of(a).normalize().equals(Path.of(b).normalize());
  }
}
