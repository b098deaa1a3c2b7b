package io.gastown.agent.reconcile;

import io.gastown.agent.act.Outcome;
import io.gastown.agent.act.SlingJournal;
import io.gastown.agent.plan.Action;
import io.gastown.agent.plan.Failure;
import io.gastown.agent.plan.ResourceFacts;
import io.gastown.agent.plan.ResourceKey;
import io.gastown.agent.plan.RigResolution;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.agent.validate.RigNames;
import io.gastown.agent.validate.SpecValidator;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stateful side of planning Polecats: resolving {@code spec.rig} to a gt rig, the sling
 * journal's bookkeeping, the polecat each resource was given, and the per-cluster polecat count.
 */
final class PolecatSupport {
  private final SlingJournal journal;
  private final Duration commandTimeout;
  private final Clock clock;
  private final Map<ResourceKey, String> knownPolecats = new ConcurrentHashMap<>();
  private final Map<String, Integer> passCounts = new java.util.HashMap<>();
  // slings handed to the executor whose journal entry is not written yet (that happens on the
  // action
  // thread): they count for maxPolecats from the moment they are started
  private final java.util.Set<ResourceKey> unjournaled = ConcurrentHashMap.newKeySet();
  private boolean inPass;

  PolecatSupport(SlingJournal journal, Duration commandTimeout, Clock clock) {
    this.journal = journal;
    this.commandTimeout = commandTimeout;
    this.clock = clock;
  }

  /** Resolves the Polecat's rig among its cluster's desired Rigs (and claims the gt rig). */
  RigResolution resolveRig(Resource polecat, Reconciler.RelayView view, RigBindings bindings) {
    String rigCr = polecat.getPolecat().getRig();
    Optional<Resource> rig = view.store().rigByName(rigCr);
    if (rig.isEmpty()) {
      return RigResolution.problem(
          "RigNotFound", "no Rig named '" + rigCr + "' is routed to this host by this cluster");
    }
    Resource r = rig.get();
    if (!SpecValidator.rig(r.getRig(), rigCr).isEmpty()) {
      return RigResolution.problem("RigInvalid", "Rig '" + rigCr + "' has an invalid spec");
    }
    String gtName = RigNames.gtName(r.getRig(), rigCr);
    if (!view.config().allow().allowsRig(gtName, rigCr)) {
      return RigResolution.problem(
          "NotAllowed", "this host does not allow this cluster to use rig " + gtName);
    }
    ResourceKey rigKey = new ResourceKey(view.config().name(), r.getRef().getUid());
    Optional<ResourceKey> holder = bindings.claim(rigKey, gtName);
    if (holder.isPresent()) {
      return RigResolution.problem(
          "RigBoundElsewhere",
          "gt rig " + gtName + " is bound to cluster '" + holder.get().relay() + "'");
    }
    return RigResolution.of(gtName, r.getRig().getBeadsPrefix());
  }

  ResourceFacts facts(ResourceKey key, Optional<Failure> failure) {
    return new ResourceFacts(
        failure,
        journal.get(key).map(SlingJournal.Entry::inFlight),
        Optional.ofNullable(knownPolecats.get(key)));
  }

  /**
   * A pass over every desired resource begins: each cluster's polecat count is taken once for the
   * pass (counting is linear in the cluster's resources, so per Polecat it made a pass quadratic)
   * and raised by each sling the pass starts.
   */
  void beginPass() {
    passCounts.clear();
    inPass = true;
  }

  void endPass() {
    passCounts.clear();
    inPass = false;
  }

  /** A sling was started: it counts from now, before its journal entry exists. */
  void slingStarted(ResourceKey key) {
    unjournaled.add(key);
    passCounts.computeIfPresent(key.relay(), (r, n) -> n + 1);
  }

  /**
   * Polecats of this cluster that are running or being slung, for maxPolecats: beads hooked to a
   * polecat with a live session, plus slings in flight.
   */
  int active(Reconciler.RelayView view, TownSnapshot town) {
    if (inPass) {
      return passCounts.computeIfAbsent(view.config().name(), r -> count(view, town));
    }
    return count(view, town);
  }

  private int count(Reconciler.RelayView view, TownSnapshot town) {
    int n = 0;
    for (Resource r : view.store().all()) {
      if (r.getRef().getKind() != Kind.KIND_POLECAT) {
        continue;
      }
      Optional<PolecatInfo> p = town.polecatWithBead(r.getPolecat().getBeadId());
      ResourceKey key = new ResourceKey(view.config().name(), r.getRef().getUid());
      if (p.map(PolecatInfo::sessionRunning).orElse(false)
          || journal.get(key).isPresent()
          || unjournaled.contains(key)) {
        n++;
      }
    }
    return n;
  }

  /**
   * After planning against a snapshot: a bead seen hooked settles its journal entry and tells which
   * polecat is this resource's; an entry for a bead the spec no longer names goes once stale.
   * Returns whether the journal entry went (the cluster's polecat count changed).
   */
  boolean observed(ResourceKey key, Resource r, TownSnapshot town) {
    String bead = r.getPolecat().getBeadId();
    town.polecatWithBead(bead).ifPresent(p -> knownPolecats.put(key, p.address()));
    Optional<SlingJournal.Entry> entry = journal.get(key);
    if (entry.isEmpty()) {
      return false;
    }
    boolean hooked = town.polecatWithBead(entry.get().beadId()).isPresent();
    boolean staleOther =
        !entry.get().beadId().equals(bead)
            && clock.millis() - entry.get().startedAtMillis() > commandTimeout.toMillis();
    if (hooked || staleOther) {
      journal.remove(key);
      return true;
    }
    return false;
  }

  /** Whether a sling of this resource is journaled: its plan then depends on the time. */
  boolean journaled(ResourceKey key) {
    return journal.get(key).isPresent();
  }

  /** Before a sling runs: make it durable that it may happen. */
  void beforeSling(Action.Sling s) {
    journal.begin(s.key(), s.request().beadId(), s.request().rigName(), s.generation());
    unjournaled.remove(s.key());
  }

  /** After an action: remember the polecat a sling made; a definite refusal settles the journal. */
  void finished(Action action, Outcome outcome) {
    if (action instanceof Action.Sling s) {
      unjournaled.remove(s.key());
      outcome
          .sling()
          .ifPresent(
              r -> knownPolecats.put(s.key(), s.request().rigName() + "/" + r.polecatName()));
      if (outcome.failure().isPresent() && !outcome.uncertain()) {
        journal.remove(s.key());
      }
    } else if (action instanceof Action.NukePolecat n && outcome.succeeded()) {
      knownPolecats.remove(n.key());
    }
  }

  void forget(ResourceKey key) {
    knownPolecats.remove(key);
    unjournaled.remove(key);
    journal.remove(key);
  }
}
