package io.gastown.agent.plan;

import io.gastown.agent.town.BeadRequest;
import io.gastown.agent.town.GtErrors;
import io.gastown.agent.validate.SpecValidator;
import io.gastown.agent.validate.Violation;
import io.gastown.proto.v1.AutomatonSpec;
import io.gastown.proto.v1.AutomatonStatus;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.PolecatDesiredState;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.PolecatStatus;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusReport;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides, without I/O, what to do about an Automaton this host claimed: create its bead from the
 * task when it names none (once: the created bead is journaled, and bd is asked for a bead with the
 * Automaton's label before it makes one), then work the bead exactly as a Polecat would (the
 * polecat planner, with all its never-twice guarantees), and report the progress as one condition
 * of type {@link #CONDITION} — the only thing written into the owner's status.
 */
public final class AutomatonPlanner {
  /** gastown's one condition in an Automaton's status. */
  public static final String CONDITION = "GastownLocalExecution";

  static final String CREATE_BEAD = "CreateBead";

  private AutomatonPlanner() {}

  public static Plan plan(AutomatonInput in) {
    Resource r = in.desired();
    AutomatonSpec spec = r.getAutomaton();
    StatusReport.Builder report = Reports.base(r);
    if (!spec.getClaimedBy().equals(in.hostId())) {
      return report(
          report,
          AutomatonStatus.newBuilder().setPhase("Error"),
          Conditions.isFalse(
              CONDITION,
              "ClaimedElsewhere",
              "routed to host " + in.hostId() + " but claimed by '" + spec.getClaimedBy() + "'"));
    }
    var violations = SpecValidator.automaton(spec);
    if (!violations.isEmpty()) {
      String why = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
      return report(
          report,
          AutomatonStatus.newBuilder().setPhase("Error"),
          Conditions.isFalse(CONDITION, "InvalidSpec", why));
    }
    if (!in.allow().allowsNamespace(r.getRef().getNamespace())) {
      return report(
          report,
          AutomatonStatus.newBuilder().setPhase("Error"),
          Conditions.isFalse(
              CONDITION,
              "NotAllowed",
              "host "
                  + in.hostId()
                  + " does not allow this cluster to use namespace "
                  + r.getRef().getNamespace()));
    }
    if (!in.rig().ok()) {
      return report(
          report,
          AutomatonStatus.newBuilder().setPhase("Pending"),
          Conditions.isFalse(CONDITION, in.rig().problemReason(), in.rig().problemMessage()));
    }
    Optional<String> bead =
        spec.getBeadId().isEmpty() ? in.createdBead() : Optional.of(spec.getBeadId());
    if (bead.isEmpty()) {
      return createBead(in, report);
    }
    return work(in, bead.get());
  }

  private static Plan createBead(AutomatonInput in, StatusReport.Builder report) {
    Resource r = in.desired();
    AutomatonSpec spec = r.getAutomaton();
    Optional<Failure> failure =
        in.facts().failure().filter(f -> f.concerns(CREATE_BEAD, r.getGeneration()));
    AutomatonStatus.Builder status = AutomatonStatus.newBuilder().setPhase("Pending");
    Action.CreateBead create =
        new Action.CreateBead(
            in.key(),
            r.getGeneration(),
            new BeadRequest(
                in.rig().gtName(), spec.getTaskTitle(), spec.getTaskDescription(), in.beadLabel()));
    if (failure.isPresent()) {
      Plan reported =
          report(
              report,
              status.setPhase("Error"),
              Conditions.isFalse(
                  CONDITION, "BeadCreateFailed", "bd create failed: " + failure.get().message()));
      return failure.get().blocks(CREATE_BEAD, r.getGeneration(), in.now())
          ? reported
          : Plan.act(create, reported.status());
    }
    return Plan.act(
        create,
        report(
                report,
                status,
                Conditions.unknown(
                    CONDITION,
                    "CreatingBead",
                    "creating a bead from spec.task in rig " + in.rig().gtName()))
            .status());
  }

  /** The bead is worked by the polecat planner, as if a Polecat asked for it. */
  private static Plan work(AutomatonInput in, String bead) {
    Resource r = in.desired();
    AutomatonSpec spec = r.getAutomaton();
    Resource polecat =
        Resource.newBuilder()
            .setRef(r.getRef())
            .setGeneration(r.getGeneration())
            .setPolecat(
                PolecatSpec.newBuilder()
                    .setRig(spec.getRig())
                    .setBeadId(bead)
                    .setDesiredState(PolecatDesiredState.POLECAT_DESIRED_STATE_WORKING)
                    .setSubject(spec.getTaskTitle()))
            .build();
    Plan p =
        PolecatPlanner.plan(
            new PolecatInput(
                in.key(),
                polecat,
                in.rig(),
                in.town(),
                in.allow(),
                true,
                in.facts(),
                in.commandTimeout(),
                in.zone(),
                in.now()));
    return new Plan(p.actions(), translate(in, r, bead, p.status()));
  }

  /** The polecat's status and Ready condition, as the Automaton's progress. */
  static StatusReport translate(
      AutomatonInput in, Resource r, String bead, StatusReport polecatReport) {
    PolecatStatus s = polecatReport.getPolecat();
    Condition ready =
        polecatReport.getConditionsList().stream()
            .filter(c -> c.getType().equals(Conditions.READY))
            .findFirst()
            .orElse(Conditions.unknown(Conditions.READY, "Pending", "waiting"));
    String polecat = s.getPolecatName().isEmpty() ? "" : s.getRigName() + "/" + s.getPolecatName();
    String where = "bead " + bead + (polecat.isEmpty() ? "" : ", polecat " + polecat);
    String phase;
    Condition c;
    switch (s.getPhase()) {
      case "Working" -> {
        phase = "Working";
        c = Conditions.isTrue(CONDITION, "Working", where + " on host " + in.hostId());
      }
      case "Done", "Idle" -> {
        phase = "Done";
        c = Conditions.isTrue(CONDITION, "Done", where + ": gt reports the work done");
      }
      case "Pending" -> {
        phase = "Pending";
        c = Conditions.unknown(CONDITION, ready.getReason(), where + ": " + ready.getMessage());
      }
      case "Error" -> {
        boolean closed = ready.getReason().equals(SlingDecision.reason(GtErrors.Kind.BEAD_CLOSED));
        phase = closed ? "Done" : "Error";
        c =
            closed
                ? Conditions.isTrue(CONDITION, "Done", where + " is closed")
                : Conditions.isFalse(CONDITION, ready.getReason(), ready.getMessage());
      }
      default -> {
        phase = "Working";
        c =
            Conditions.isFalse(
                CONDITION, s.getPhase().isEmpty() ? "Unknown" : s.getPhase(), ready.getMessage());
      }
    }
    return Reports.base(r)
        .addConditions(c)
        .setAutomaton(
            AutomatonStatus.newBuilder().setPhase(phase).setBeadId(bead).setPolecat(polecat))
        .build();
  }

  private static Plan report(
      StatusReport.Builder report, AutomatonStatus.Builder status, Condition c) {
    return Plan.report(report.addConditions(c).setAutomaton(status).build());
  }
}
