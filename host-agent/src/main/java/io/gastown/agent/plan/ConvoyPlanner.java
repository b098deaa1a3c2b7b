package io.gastown.agent.plan;

import static io.gastown.agent.plan.Conditions.READY;
import static io.gastown.agent.plan.Conditions.SYNCED;

import io.gastown.agent.town.ConvoyCreateRequest;
import io.gastown.agent.town.ConvoyInfo;
import io.gastown.agent.town.GtErrors;
import io.gastown.agent.validate.SpecValidator;
import io.gastown.agent.validate.Violation;
import io.gastown.proto.v1.ConvoySpec;
import io.gastown.proto.v1.ConvoyStatus;
import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusReport;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, without I/O, what to do about one Convoy: create it, add the beads it gained, close it
 * on deletion, or only report its progress. A CR owns at most one convoy, ever: the journal's id is
 * the owner's word; without one, a convoy in the town with the CR's title and tracked beads is the
 * first witness (it may be the work of a create whose answer was lost); an unconfirmed create
 * younger than the command timeout is waited for, never repeated.
 */
public final class ConvoyPlanner {
  static final String CREATE = "CreateConvoy";
  static final String ADD = "AddToConvoy";
  static final String CLOSE = "CloseConvoy";

  private ConvoyPlanner() {}

  public static Plan plan(ConvoyInput in) {
    Resource r = in.desired();
    boolean deleting = r.getDeletionRequested();
    StatusReport.Builder report = Reports.base(r);
    ConvoyStatus.Builder status = ConvoyStatus.newBuilder();
    in.record().filter(ConvoyRecord::bound).ifPresent(rec -> status.setConvoyId(rec.convoyId()));

    List<Violation> violations = SpecValidator.convoy(r.getConvoy());
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
    Optional<ConvoyInfo> convoy = find(in);
    if (deleting) {
      return ConvoyDeletion.plan(in, convoy, report, status);
    }
    if (convoy.isPresent()) {
      return existing(in, convoy.get(), report, status);
    }
    if (in.record().filter(ConvoyRecord::bound).isPresent()) {
      String msg =
          "convoy "
              + in.record().get().convoyId()
              + " is not in the town any more; it is never created a second time for this"
              + " resource";
      report
          .addConditions(Conditions.isFalse(READY, "ConvoyMissing", msg))
          .addConditions(Conditions.isFalse(SYNCED, "ConvoyMissing", msg));
      return Plan.report(report.setConvoy(status.setPhase("Unknown")).build());
    }
    return create(in, report, status);
  }

  /** The convoy this CR owns: the journal's, else one the town shows with its title and beads. */
  static Optional<ConvoyInfo> find(ConvoyInput in) {
    Optional<ConvoyRecord> record = in.record();
    if (record.isPresent() && record.get().bound()) {
      return in.town().convoy(record.get().convoyId());
    }
    ConvoySpec spec = in.desired().getConvoy();
    Set<String> wanted = new HashSet<>(spec.getTrackedBeadsList());
    Set<String> started = record.map(rec -> Set.copyOf(rec.beads())).orElse(Set.of());
    for (ConvoyInfo c : in.town().convoys()) {
      if (!c.title().equals(spec.getDescription()) || in.boundElsewhere().contains(c.id())) {
        continue;
      }
      Set<String> tracked = new HashSet<>(c.trackedIds());
      if (tracked.equals(wanted) || (!started.isEmpty() && tracked.equals(started))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static Plan existing(
      ConvoyInput in, ConvoyInfo c, StatusReport.Builder report, ConvoyStatus.Builder status) {
    Resource r = in.desired();
    ConvoyProgress.fill(in, c, status);
    List<String> wanted = r.getConvoy().getTrackedBeadsList();
    List<String> missing = wanted.stream().filter(b -> !c.trackedIds().contains(b)).toList();
    List<String> extra = c.trackedIds().stream().filter(b -> !wanted.contains(b)).toList();
    report.addConditions(ConvoyProgress.ready(c, status));
    if (missing.isEmpty()) {
      report.addConditions(
          extra.isEmpty()
              ? Conditions.isTrue(SYNCED, "Observed", "convoy " + c.id() + " tracks every bead")
              : Conditions.isFalse(
                  SYNCED,
                  "CannotUntrack",
                  "convoy "
                      + c.id()
                      + " still tracks "
                      + String.join(", ", extra)
                      + " (gt cannot stop tracking a bead)"));
      return Plan.report(report.setConvoy(status).build());
    }
    Optional<Failure> failure = in.failure().filter(f -> f.concerns(ADD, r.getGeneration()));
    String msg =
        failure
            .map(f -> "gt convoy add " + c.id() + " failed: " + f.message())
            .orElse("adding " + String.join(", ", missing) + " to convoy " + c.id());
    report.addConditions(
        failure.isPresent()
            ? Conditions.isFalse(SYNCED, "AddFailed", msg)
            : Conditions.unknown(SYNCED, "Adding", msg));
    StatusReport built = report.setConvoy(status).build();
    if (failure.isPresent() && failure.get().blocks(ADD, r.getGeneration(), in.now())) {
      return Plan.report(built);
    }
    return Plan.act(new Action.AddToConvoy(in.key(), r.getGeneration(), c.id(), missing), built);
  }

  private static Plan create(
      ConvoyInput in, StatusReport.Builder report, ConvoyStatus.Builder status) {
    Resource r = in.desired();
    status.setPhase("Pending");
    Optional<ConvoyRecord> unconfirmed = in.record().filter(rec -> !rec.bound());
    if (unconfirmed.isPresent() && createMayBeInFlight(in, unconfirmed.get())) {
      return waitForCreate(report, status);
    }
    if (unconfirmed.isPresent()
        && unconfirmed.get().generation() == r.getGeneration()
        && unconfirmed.get().attempts() >= 2) {
      String msg =
          "gt convoy create ran twice but no convoy titled '"
              + r.getConvoy().getDescription()
              + "' with these beads appeared; not trying again";
      report
          .addConditions(Conditions.isFalse(READY, "CreateUnconfirmed", msg))
          .addConditions(Conditions.isFalse(SYNCED, "CreateUnconfirmed", msg));
      return Plan.report(report.setConvoy(status.setPhase("Error")).build());
    }
    Optional<Failure> failure = in.failure().filter(f -> f.concerns(CREATE, r.getGeneration()));
    if (failure.isPresent()) {
      String msg = "gt convoy create failed: " + failure.get().message();
      String reason =
          failure.get().kind() == GtErrors.Kind.NOT_FOUND ? "BeadNotFound" : "CreateFailed";
      report
          .addConditions(Conditions.isFalse(READY, reason, msg))
          .addConditions(Conditions.isFalse(SYNCED, reason, msg));
      StatusReport built = report.setConvoy(status.setPhase("Error")).build();
      if (failure.get().blocks(CREATE, r.getGeneration(), in.now())) {
        return Plan.report(built);
      }
      return Plan.act(createAction(in), built);
    }
    String msg = "creating a convoy tracking " + r.getConvoy().getTrackedBeadsCount() + " beads";
    report
        .addConditions(Conditions.isFalse(READY, "Creating", msg))
        .addConditions(Conditions.unknown(SYNCED, "Creating", msg));
    return Plan.act(createAction(in), report.setConvoy(status).build());
  }

  static boolean createMayBeInFlight(ConvoyInput in, ConvoyRecord unconfirmed) {
    return in.now().isBefore(unconfirmed.startedAt().plus(in.commandTimeout()));
  }

  static Plan waitForCreate(StatusReport.Builder report, ConvoyStatus.Builder status) {
    String msg = "a gt convoy create may be in flight; waiting to see its convoy in the town";
    report
        .addConditions(Conditions.isFalse(READY, "CreateInFlight", msg))
        .addConditions(Conditions.unknown(SYNCED, "CreateInFlight", msg));
    return Plan.report(report.setConvoy(status.setPhase("Pending")).build());
  }

  static Plan refuse(
      StatusReport.Builder report,
      ConvoyStatus.Builder status,
      String reason,
      String message,
      boolean finalized) {
    report
        .addConditions(Conditions.isFalse(READY, reason, message))
        .addConditions(Conditions.isFalse(SYNCED, reason, message))
        .setFinalized(finalized);
    return Plan.report(report.setConvoy(status).build());
  }

  private static Action.CreateConvoy createAction(ConvoyInput in) {
    ConvoySpec s = in.desired().getConvoy();
    return new Action.CreateConvoy(
        in.key(),
        in.desired().getGeneration(),
        new ConvoyCreateRequest(
            s.getDescription(),
            s.getTrackedBeadsList(),
            s.getOwner(),
            s.getNotify(),
            s.getMerge(),
            s.getBaseBranch()));
  }

  /** Whether the deletion policy asks for {@code gt convoy close}. */
  static boolean closes(Resource r) {
    return r.getConvoy().getDeletionPolicy() == DeletionPolicy.DELETION_POLICY_CLOSE;
  }
}
