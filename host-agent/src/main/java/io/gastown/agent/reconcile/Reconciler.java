package io.gastown.agent.reconcile;

import io.gastown.agent.act.Executor;
import io.gastown.agent.act.FailureMemory;
import io.gastown.agent.act.Outcome;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.link.DesiredStore;
import io.gastown.agent.link.LinkListener;
import io.gastown.agent.plan.Action;
import io.gastown.agent.plan.Plan;
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
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the desired state of every relay with the latest town snapshot: a desired change is planned
 * at once (the low-latency path from CR to gt), every observation re-plans everything (the
 * level-triggered safety net), and each finished action re-plans its resource. Planning is pure and
 * quick, so one lock serialises it.
 */
public final class Reconciler implements LinkListener {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** One relay's side of the join. */
  public record RelayView(RelayConfig config, DesiredStore store, StatusReporter reporter) {}

  private final Map<String, RelayView> relays = new LinkedHashMap<>();
  private final String townRoot;
  private final Executor executor;
  private final FailureMemory failures;
  private final Supplier<Optional<TownSnapshot>> snapshots;
  private final Clock clock;
  private final RigBindings bindings = new RigBindings();
  private final EventIds eventIds;

  public Reconciler(
      String townRoot,
      List<RelayView> relayViews,
      Executor executor,
      FailureMemory failures,
      Supplier<Optional<TownSnapshot>> snapshots,
      Clock clock) {
    this.townRoot = townRoot;
    relayViews.forEach(v -> relays.put(v.config().name(), v));
    this.executor = executor;
    this.failures = failures;
    this.snapshots = snapshots;
    this.clock = clock;
    this.eventIds = new EventIds(clock.millis());
    executor.onFinished(this::actionFinished);
  }

  @Override
  public synchronized void desiredChanged(String relay, DesiredStore.Changes changes) {
    for (String uid : changes.removed()) {
      forget(new ResourceKey(relay, uid));
    }
    for (String uid : changes.changed()) {
      reconcile(new ResourceKey(relay, uid));
    }
  }

  @Override
  public void resynced(String relay) {
    LOG.info("relay {}: resynced, {} desired resources", relay, relays.get(relay).store().size());
  }

  /** Re-plans everything against a new snapshot (or does nothing when the observation failed). */
  public synchronized void observed(Optional<TownSnapshot> snapshot) {
    if (snapshot.isEmpty()) {
      return;
    }
    for (RelayView view : relays.values()) {
      for (Resource r : view.store().all()) {
        reconcile(new ResourceKey(view.config().name(), r.getRef().getUid()), snapshot.get());
      }
    }
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
    for (Action a : plan.get().actions()) {
      if (executor.trySubmit(a)) {
        LOG.info("{} {} for {} ({})", a.name(), describe(a), r.getRef().getName(), key);
      }
    }
    view.reporter().offer(plan.get().status());
  }

  private Optional<Plan> plan(ResourceKey key, Resource r, RelayView view, TownSnapshot town) {
    ResourceFacts facts = new ResourceFacts(failures.get(key));
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
                  facts,
                  clock.instant())));
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

  private void forget(ResourceKey key) {
    bindings.release(key);
    failures.clear(key);
    RelayView view = relays.get(key.relay());
    if (view != null) {
      view.reporter().forget(key.uid());
    }
  }

  private void actionFinished(Action action, Outcome outcome) {
    RelayView view = relays.get(action.key().relay());
    if (view != null) {
      Event event = ActionEvents.of(action, outcome, eventIds);
      view.reporter().event(action.key().uid(), event);
    }
    reconcile(action.key());
  }

  private static String describe(Action a) {
    if (a instanceof Action.AddRig add) {
      return add.rigName();
    }
    if (a instanceof Action.RemoveRig rm) {
      return rm.rigName() + (rm.force() ? " (forced)" : "");
    }
    return "";
  }
}
