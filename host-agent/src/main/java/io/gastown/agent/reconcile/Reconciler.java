package io.gastown.agent.reconcile;

import io.gastown.agent.act.AutomatonJournal;
import io.gastown.agent.act.ConvoyJournal;
import io.gastown.agent.act.Executor;
import io.gastown.agent.act.FailureMemory;
import io.gastown.agent.act.Outcome;
import io.gastown.agent.act.SlingJournal;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.link.DesiredStore;
import io.gastown.agent.link.LinkListener;
import io.gastown.agent.plan.Action;
import io.gastown.agent.plan.Plan;
import io.gastown.agent.plan.PolecatInput;
import io.gastown.agent.plan.PolecatPlanner;
import io.gastown.agent.plan.ResourceFacts;
import io.gastown.agent.plan.ResourceKey;
import io.gastown.agent.plan.RigInput;
import io.gastown.agent.plan.RigPlanner;
import io.gastown.agent.report.StatusReporter;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.agent.validate.RigNames;
import io.gastown.agent.validate.SpecValidator;
import io.gastown.proto.v1.Event;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the desired state of every relay with the latest town snapshot: a desired change is planned
 * at once (the low-latency path from CR to gt), an observation re-plans everything when anything
 * changed (the level-triggered safety net; {@link ReplanScope} says when an idle cycle may plan
 * only what depends on the time), and each finished action re-plans its resource. Planning is pure
 * and quick, so one lock serialises it.
 */
public final class Reconciler implements LinkListener {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** One relay's side of the join. */
  public record RelayView(
      RelayConfig config, DesiredStore store, StatusReporter reporter, LinkOutbox outbox) {

    public RelayView(RelayConfig config, DesiredStore store, StatusReporter reporter) {
      this(config, store, reporter, LinkOutbox.NONE);
    }
  }

  private final Map<String, RelayView> relays = new LinkedHashMap<>();
  private final String townRoot;
  private final Executor executor;
  private final FailureMemory failures;
  private final Supplier<Optional<TownSnapshot>> snapshots;
  private final Clock clock;
  private final Duration commandTimeout;
  private final RigBindings bindings = new RigBindings();
  private final PolecatSupport polecats;
  private final ConvoySupport convoys;
  private final AutomatonSupport automatons;
  private final io.gastown.agent.mirror.MirrorReports mirrors =
      new io.gastown.agent.mirror.MirrorReports();
  private final io.gastown.agent.town.RigsFile rigsFile;
  private final List<Map.Entry<String, Resource>> offersWaitingForTown =
      new java.util.ArrayList<>();
  private final EventIds eventIds;
  private final ReplanScope scope = new ReplanScope();
  private final HeldStatuses held = new HeldStatuses(HeldStatuses.HOLD, this::heldStatusDue);
  private long plansMade;
  private long fullPasses;

  public Reconciler(
      String townRoot,
      List<RelayView> relayViews,
      Executor executor,
      FailureMemory failures,
      SlingJournal journal,
      Duration commandTimeout,
      Supplier<Optional<TownSnapshot>> snapshots,
      Clock clock) {
    this(
        townRoot,
        relayViews,
        executor,
        failures,
        journal,
        new Journals(ConvoyJournal.inMemory(clock), AutomatonJournal.inMemory(), ""),
        commandTimeout,
        snapshots,
        clock);
  }

  /**
   * The journals of the kinds beyond Rig and Polecat, kept in the state directory, and this host's
   * id (an Automaton's claim must name it).
   */
  public record Journals(ConvoyJournal convoys, AutomatonJournal automatons, String hostId) {}

  public Reconciler(
      String townRoot,
      List<RelayView> relayViews,
      Executor executor,
      FailureMemory failures,
      SlingJournal journal,
      Journals journals,
      Duration commandTimeout,
      Supplier<Optional<TownSnapshot>> snapshots,
      Clock clock) {
    this.townRoot = townRoot;
    relayViews.forEach(v -> relays.put(v.config().name(), v));
    this.executor = executor;
    this.failures = failures;
    this.snapshots = snapshots;
    this.clock = clock;
    this.commandTimeout = commandTimeout;
    this.polecats = new PolecatSupport(journal, commandTimeout, clock);
    this.convoys = new ConvoySupport(journals.convoys(), commandTimeout, clock);
    this.rigsFile = new io.gastown.agent.town.RigsFile(java.nio.file.Path.of(townRoot));
    this.automatons =
        new AutomatonSupport(
            journals.automatons(), polecats, journals.hostId(), commandTimeout, clock);
    this.eventIds = new EventIds(clock.millis());
    executor.onFinished(this::actionFinished);
  }

  /** The executor hook that journals a sling (or a create) before it runs. */
  public void beforeAction(Action action) {
    if (action instanceof Action.Sling s) {
      polecats.beforeSling(s);
    } else if (action instanceof Action.CreateConvoy c) {
      convoys.beforeCreate(c);
    }
  }

  @Override
  public synchronized void desiredChanged(String relay, DesiredStore.Changes changes) {
    scope.changed();
    for (String uid : changes.removed()) {
      forget(new ResourceKey(relay, uid));
    }
    for (String uid : changes.changed()) {
      reconcile(new ResourceKey(relay, uid));
    }
  }

  /** Answers an Automaton offer: accepted only within the allow-list, a rig, and capacity. */
  @Override
  public synchronized void claimOffered(String relay, Resource offer) {
    RelayView view = relays.get(relay);
    if (view == null) {
      return;
    }
    scope.changed();
    Optional<TownSnapshot> town = snapshots.get();
    if (town.isEmpty()) {
      // answered after the first observation: the town says which rigs this host has
      offersWaitingForTown.add(Map.entry(relay, offer));
      return;
    }
    io.gastown.proto.v1.ClaimDecision d =
        automatons.decide(relay, offer, view, bindings, town.get());
    LOG.info(
        "relay {}: {} Automaton {}/{}{}",
        relay,
        d.getAccept() ? "accepting" : "declining",
        offer.getRef().getNamespace(),
        offer.getRef().getName(),
        d.getAccept() ? "" : ": " + d.getReason());
    view.outbox()
        .sendAfterResync(io.gastown.proto.v1.AgentMessage.newBuilder().setClaimDecision(d).build());
  }

  @Override
  public void resynced(String relay) {
    // delivered after the resync's changes, which were planned against the town if it was observed
    LOG.info(
        "relay {}: resync applied, {} desired resources {}",
        relay,
        relays.get(relay).store().size(),
        snapshots.get().isPresent() ? "planned" : "to plan after the first observation");
  }

  /**
   * Re-plans against a new snapshot (or does nothing when the observation failed): everything, or
   * in a quiet cycle only the resources whose plan depends on the time.
   */
  public synchronized void observed(Optional<TownSnapshot> snapshot) {
    if (snapshot.isEmpty()) {
      // TownOutage reports the failure on every CR: the first good observation re-plans them all
      scope.changed();
      return;
    }
    List<Map.Entry<String, Resource>> offers = List.copyOf(offersWaitingForTown);
    offersWaitingForTown.clear();
    offers.forEach(o -> claimOffered(o.getKey(), o.getValue()));
    boolean full = scope.beginFullPass(snapshot.get(), clock.millis());
    if (full) {
      fullPasses++;
    }
    Map<Kind, List<ResourceKey>> byKind = new java.util.EnumMap<>(Kind.class);
    for (RelayView view : relays.values()) {
      for (Resource r : view.store().all()) {
        ResourceKey key = new ResourceKey(view.config().name(), r.getRef().getUid());
        if (full || timeSensitive(key, r)) {
          byKind.computeIfAbsent(r.getRef().getKind(), k -> new java.util.ArrayList<>()).add(key);
        }
      }
    }
    // Rigs first: they claim their gt names before Polecats resolve them.
    polecats.beginPass();
    try {
      for (Kind kind :
          List.of(Kind.KIND_RIG, Kind.KIND_POLECAT, Kind.KIND_CONVOY, Kind.KIND_AUTOMATON)) {
        for (ResourceKey key : byKind.getOrDefault(kind, List.of())) {
          reconcile(key, snapshot.get());
        }
      }
    } finally {
      polecats.endPass();
    }
    for (RelayView view : relays.values()) {
      if (view.config().mirror()) {
        mirror(view, snapshot.get());
      }
    }
  }

  /**
   * Whether the resource's plan reads the clock, so an unchanged town and spec can still change it:
   * a failure's retry time, a sling in flight, and the kinds whose plans keep deadlines, claims or
   * reservations (Convoy, Automaton, mirrored views, few per host).
   */
  private boolean timeSensitive(ResourceKey key, Resource r) {
    Kind kind = r.getRef().getKind();
    return (kind != Kind.KIND_RIG && kind != Kind.KIND_POLECAT)
        || io.gastown.agent.plan.Annotations.mirrored(r)
        || failures.get(key).isPresent()
        || (kind == Kind.KIND_POLECAT && polecats.journaled(key));
  }

  /** Resources planned since start: what planning costs, for the metrics. */
  public synchronized long plansMade() {
    return plansMade;
  }

  /** Observations that re-planned every desired resource (the others were quiet cycles). */
  public synchronized long fullPasses() {
    return fullPasses;
  }

  /** The town objects this cluster has no resource for, to its relay (mirror: true). */
  private void mirror(RelayView view, TownSnapshot town) {
    Map<String, String> rigs = new java.util.HashMap<>();
    java.util.Set<String> beads = new java.util.HashSet<>();
    for (Resource r : view.store().all()) {
      if (io.gastown.agent.plan.Annotations.mirrored(r)) {
        continue; // a mirror covers nothing: it is the report's own echo
      }
      switch (r.getRef().getKind()) {
        case KIND_RIG ->
            rigs.put(RigNames.gtName(r.getRig(), r.getRef().getName()), r.getRef().getName());
        case KIND_POLECAT -> beads.add(r.getPolecat().getBeadId());
        case KIND_AUTOMATON -> {
          beads.add(r.getAutomaton().getBeadId());
          view.reporter()
              .latest(r.getRef().getUid())
              .ifPresent(s -> beads.add(s.getAutomaton().getBeadId()));
        }
        default -> {}
      }
    }
    var objects =
        io.gastown.agent.mirror.MirrorCollector.collect(
            town,
            rigsFile.gitUrls(),
            new io.gastown.agent.mirror.Coverage(
                rigs, beads, convoys.ownedBy(view.config().name())),
            view.config().allow());
    mirrors.offer(
        view.config().name(), objects, view.outbox().resyncs(), view.outbox()::sendAfterResync);
  }

  /** Plans one resource against the latest snapshot and starts what the plan asks. */
  public synchronized void reconcile(ResourceKey key) {
    snapshots.get().ifPresent(s -> reconcile(key, s));
  }

  private void reconcile(ResourceKey key, TownSnapshot town) {
    RelayView view = relays.get(key.relay());
    if (view == null || executor.busy(key)) {
      return;
    }
    Optional<Resource> desired = view.store().get(key.uid());
    if (desired.isEmpty()) {
      return;
    }
    Resource r = desired.get();
    Optional<Plan> plan = plan(key, r, view, town);
    if (plan.isEmpty()) {
      return;
    }
    plansMade++;
    boolean started = false;
    for (Action a : plan.get().actions()) {
      if (executor.trySubmit(a)) {
        started = true;
        if (a instanceof Action.Sling) {
          polecats.slingStarted(key);
        }
        scope.changed();
        LOG.info("{} for {} {} ({})", a.name(), r.getRef().getKind(), r.getRef().getName(), key);
      }
    }
    if (started) {
      held.hold(key, plan.get().status()); // the process starts first
    } else {
      held.release(key);
      report(view, plan.get().status());
    }
  }

  private synchronized void heldStatusDue(ResourceKey key) {
    RelayView view = relays.get(key.relay());
    held.release(key).filter(s -> view != null).ifPresent(s -> report(view, s));
  }

  private void report(RelayView view, StatusReport status) {
    sessionDied(view, status);
    view.reporter().offer(status);
  }

  private Optional<Plan> plan(ResourceKey key, Resource r, RelayView view, TownSnapshot town) {
    if (io.gastown.agent.plan.Annotations.mirrored(r)) {
      // a view of the town: reported, never acted on (no sling, no rig add, no convoy)
      return Optional.of(
          io.gastown.agent.plan.MirrorPlanner.plan(
              key, r, town, townRoot, ZoneId.systemDefault(), clock.instant()));
    }
    if (r.getRef().getKind() == Kind.KIND_RIG) {
      return Optional.of(
          RigPlanner.plan(
              new RigInput(
                  key,
                  r,
                  town,
                  townRoot,
                  view.config().allow(),
                  rigBinding(key, r, view),
                  new ResourceFacts(failures.get(key)),
                  clock.instant())));
    }
    if (r.getRef().getKind() == Kind.KIND_POLECAT) {
      int max = view.config().maxPolecats();
      Plan p =
          PolecatPlanner.plan(
              new PolecatInput(
                  key,
                  r,
                  polecats.resolveRig(r, view, bindings),
                  town,
                  view.config().allow(),
                  max == 0 || polecats.active(view, town) < max,
                  polecats.facts(key, failures.get(key)),
                  commandTimeout,
                  ZoneId.systemDefault(),
                  clock.instant()));
      if (polecats.observed(key, r, town)) {
        scope.changed(); // the cluster's polecat count fell: another Polecat may now sling
      }
      return Optional.of(p);
    }
    if (r.getRef().getKind() == Kind.KIND_CONVOY) {
      return Optional.of(convoys.plan(key, r, view, town, failures.get(key)));
    }
    if (r.getRef().getKind() == Kind.KIND_AUTOMATON) {
      return Optional.of(automatons.plan(key, r, view, bindings, town, failures.get(key)));
    }
    return Optional.empty();
  }

  /** Claims the gt rig for a valid, allowed Rig; returns the other holder when refused. */
  private Optional<ResourceKey> rigBinding(ResourceKey key, Resource r, RelayView view) {
    String gtName = RigNames.gtName(r.getRig(), r.getRef().getName());
    if (!SpecValidator.rig(r.getRig(), r.getRef().getName()).isEmpty()
        || !view.config().allow().allowsRig(gtName, r.getRef().getName())) {
      bindings.release(key);
      return Optional.empty();
    }
    return bindings.claim(key, gtName);
  }

  /** A polecat that was Working and is now Stalled lost its session: say so once. */
  private void sessionDied(RelayView view, StatusReport next) {
    if (!next.hasPolecat() || !next.getPolecat().getPhase().equals("Stalled")) {
      return;
    }
    String uid = next.getRef().getUid();
    boolean wasWorking =
        view.reporter()
            .latest(uid)
            .map(s -> s.getPolecat().getPhase().equals("Working"))
            .orElse(false);
    if (wasWorking) {
      view.reporter()
          .event(
              uid,
              Event.newBuilder()
                  .setId(eventIds.next(uid, "SessionDied", next.getObservedGeneration()))
                  .setWarning(true)
                  .setReason("SessionDied")
                  .setMessage(
                      "the tmux session "
                          + next.getPolecat().getSession()
                          + " of polecat "
                          + next.getPolecat().getPolecatName()
                          + " died while it was working")
                  .build());
    }
  }

  private void forget(ResourceKey key) {
    scope.changed();
    held.release(key);
    bindings.release(key);
    failures.clear(key);
    polecats.forget(key);
    convoys.forget(key);
    automatons.forget(key);
    RelayView view = relays.get(key.relay());
    if (view != null) {
      view.reporter().forget(key.uid());
    }
  }

  private void actionFinished(Action action, Outcome outcome) {
    polecats.finished(action, outcome);
    convoys.finished(action, outcome);
    automatons.finished(action, outcome);
    synchronized (this) {
      scope.changed(); // after the outcome is recorded, so the next full pass sees it
    }
    RelayView view = relays.get(action.key().relay());
    if (view != null) {
      Event event = ActionEvents.of(action, outcome, eventIds);
      view.reporter().event(action.key().uid(), event);
    }
    reconcile(action.key());
  }
}
