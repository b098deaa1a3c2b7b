package io.gastown.agent.reconcile;

import io.gastown.agent.act.AutomatonJournal;
import io.gastown.agent.act.Outcome;
import io.gastown.agent.plan.Action;
import io.gastown.agent.plan.AutomatonInput;
import io.gastown.agent.plan.AutomatonPlanner;
import io.gastown.agent.plan.ClaimDecider;
import io.gastown.agent.plan.Failure;
import io.gastown.agent.plan.Plan;
import io.gastown.agent.plan.ResourceKey;
import io.gastown.agent.plan.RigResolution;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.ClaimDecision;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stateful side of claimed Automatons: answering offers within {@code maxAutomatons}
 * (acceptances reserve a slot until the Automaton arrives or the reservation lapses, since another
 * host may win the race), resolving {@code spec.rig}, the journal of created beads, and the polecat
 * bookkeeping of their slings.
 */
final class AutomatonSupport {
  /** How long an accepted offer holds a slot while its claim is being written. */
  static final Duration RESERVATION = Duration.ofSeconds(20);

  private final AutomatonJournal journal;
  private final PolecatSupport polecats;
  private final String hostId;
  private final Duration commandTimeout;
  private final Clock clock;
  private final Map<ResourceKey, Instant> reserved = new ConcurrentHashMap<>();

  AutomatonSupport(
      AutomatonJournal journal,
      PolecatSupport polecats,
      String hostId,
      Duration commandTimeout,
      Clock clock) {
    this.journal = journal;
    this.polecats = polecats;
    this.hostId = hostId;
    this.commandTimeout = commandTimeout;
    this.clock = clock;
  }

  Plan plan(
      ResourceKey key,
      Resource r,
      Reconciler.RelayView view,
      RigBindings bindings,
      TownSnapshot town,
      Optional<Failure> failure) {
    reserved.remove(key); // it arrived
    Plan p =
        AutomatonPlanner.plan(
            new AutomatonInput(
                key,
                r,
                hostId,
                resolveRig(r.getAutomaton().getRig(), view, bindings, town),
                town,
                view.config().allow(),
                journal.bead(key),
                polecats.facts(key, failure),
                commandTimeout,
                ZoneId.systemDefault(),
                clock.instant()));
    String bead = p.status().getAutomaton().getBeadId();
    if (!bead.isEmpty()) {
      polecats.observed(key, asPolecat(r, bead), town);
    }
    return p;
  }

  ClaimDecision decide(
      String relay,
      Resource offer,
      Reconciler.RelayView view,
      RigBindings bindings,
      TownSnapshot town) {
    Instant now = clock.instant();
    reserved.entrySet().removeIf(e -> now.isAfter(e.getValue().plus(RESERVATION)));
    ResourceKey key = new ResourceKey(relay, offer.getRef().getUid());
    long holding =
        active(view)
            + reserved.keySet().stream()
                .filter(k -> k.relay().equals(relay) && !k.equals(key))
                .count();
    ClaimDecision d =
        ClaimDecider.decide(
            offer,
            view.config().allow(),
            resolveRig(offer.getAutomaton().getRig(), view, bindings, town),
            view.config().maxAutomatons(),
            (int) holding);
    if (d.getAccept()) {
      reserved.put(key, now);
    }
    return d;
  }

  /** Claimed Automatons of this cluster not yet done. */
  private int active(Reconciler.RelayView view) {
    int n = 0;
    for (Resource r : view.store().all()) {
      if (r.getRef().getKind() == Kind.KIND_AUTOMATON
          && !view.reporter()
              .latest(r.getRef().getUid())
              .map(s -> s.getAutomaton().getPhase().equals("Done"))
              .orElse(false)) {
        n++;
      }
    }
    return n;
  }

  /**
   * spec.rig names a Rig resource routed to this host by this cluster, or else a gt rig of this
   * town (the name with '-' as '_'), allowed to this cluster and not bound to another.
   */
  RigResolution resolveRig(
      String rigRef, Reconciler.RelayView view, RigBindings bindings, TownSnapshot town) {
    if (view.store().rigByName(rigRef).isPresent()) {
      return polecats.resolveRig(asPolecat(rigRef), view, bindings);
    }
    String gtName = rigRef.replace('-', '_');
    Optional<RigInfo> rig = town.rig(gtName);
    // only a lookup: the planner validates spec.rig (a DNS label) before anything runs
    if (rig.isEmpty()) {
      return RigResolution.problem(
          "RigNotFound",
          "no Rig '" + rigRef + "' is routed to this host, and the town has no rig " + gtName);
    }
    if (!view.config().allow().allowsRig(gtName, rigRef)) {
      return RigResolution.problem(
          "NotAllowed", "this host does not allow this cluster to use rig " + gtName);
    }
    Optional<ResourceKey> holder = bindings.holder(gtName);
    if (holder.isPresent() && !holder.get().relay().equals(view.config().name())) {
      return RigResolution.problem(
          "RigBoundElsewhere",
          "gt rig " + gtName + " is bound to cluster '" + holder.get().relay() + "'");
    }
    return RigResolution.of(gtName, rig.get().beadsPrefix());
  }

  void finished(Action action, Outcome outcome) {
    if (action instanceof Action.CreateBead b && outcome.created().isPresent()) {
      journal.created(b.key(), outcome.created().get());
    }
  }

  void forget(ResourceKey key) {
    reserved.remove(key);
    journal.remove(key);
  }

  private static Resource asPolecat(String rigRef) {
    return Resource.newBuilder().setPolecat(PolecatSpec.newBuilder().setRig(rigRef)).build();
  }

  private static Resource asPolecat(Resource automaton, String bead) {
    return Resource.newBuilder()
        .setRef(automaton.getRef())
        .setGeneration(automaton.getGeneration())
        .setPolecat(
            PolecatSpec.newBuilder().setRig(automaton.getAutomaton().getRig()).setBeadId(bead))
        .build();
  }
}
