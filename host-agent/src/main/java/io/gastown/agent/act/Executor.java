package io.gastown.agent.act;

import io.gastown.agent.plan.Action;
import io.gastown.agent.plan.Failure;
import io.gastown.agent.plan.ResourceKey;
import io.gastown.agent.town.GtCommandException;
import io.gastown.agent.town.GtException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs actions on a bounded pool, one at a time per resource and per town object: an action is
 * refused while another for the same resource, rig, bead or polecat runs. A resource stays busy
 * until an observation that started after its action has finished, so its next plan sees the
 * action's effect (and never repeats it because of a stale snapshot).
 */
public final class Executor {
  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

  private final ActionRunner runner;
  private final FailureMemory failures;
  private final Observations observations;
  private final ExecutorService pool;
  private final Set<ResourceKey> busyResources = new HashSet<>();
  private final Set<String> busyTownObjects = new HashSet<>();
  private final List<BeforeHook> beforeHooks;
  private volatile BiConsumer<Action, Outcome> onFinished = (a, o) -> {};

  /** Runs just before an action's command (the sling journal writes its entry here). */
  @FunctionalInterface
  public interface BeforeHook {
    void before(Action action);
  }

  public Executor(
      io.gastown.agent.town.GtCli gt,
      FailureMemory failures,
      Observations observations,
      ExecutorService pool,
      List<BeforeHook> beforeHooks) {
    this(gt, io.gastown.agent.town.BdCli.NONE, failures, observations, pool, beforeHooks);
  }

  public Executor(
      io.gastown.agent.town.GtCli gt,
      io.gastown.agent.town.BdCli bd,
      FailureMemory failures,
      Observations observations,
      ExecutorService pool,
      List<BeforeHook> beforeHooks) {
    this.runner = new ActionRunner(gt, bd);
    this.failures = failures;
    this.observations = observations;
    this.pool = pool;
    this.beforeHooks = List.copyOf(beforeHooks);
  }

  /** Called after each action, once the observation that follows it has finished. */
  public void onFinished(BiConsumer<Action, Outcome> listener) {
    this.onFinished = listener;
  }

  /** Whether an action of this resource is running or awaiting its observation. */
  public synchronized boolean busy(ResourceKey key) {
    return busyResources.contains(key);
  }

  /** Starts the action unless its resource or a town object it touches is busy. */
  public synchronized boolean trySubmit(Action action) {
    if (busyResources.contains(action.key())
        || action.townLocks().stream().anyMatch(busyTownObjects::contains)) {
      return false;
    }
    busyResources.add(action.key());
    busyTownObjects.addAll(action.townLocks());
    try {
      pool.execute(() -> run(action));
    } catch (RuntimeException e) {
      release(action);
      return false;
    }
    return true;
  }

  private void run(Action action) {
    Outcome outcome;
    try {
      beforeHooks.forEach(h -> h.before(action));
      ActionRunner.Ran ran = runner.run(action);
      failures.clear(action.key());
      LOG.info("{} for {} succeeded", action.name(), action.key());
      outcome = new Outcome(ran.sling(), Optional.empty(), false, ran.created());
    } catch (GtCommandException e) {
      Failure f = failures.record(action, e.gtMessage());
      LOG.warn("{} for {} failed: {}", action.name(), action.key(), e.gtMessage());
      // exit code -1: killed after the timeout, so it may have done its work
      outcome = new Outcome(Optional.empty(), Optional.of(f), e.exitCode() == -1);
    } catch (GtException e) {
      Failure f = failures.record(action, e.getMessage());
      LOG.warn("{} for {}: {}", action.name(), action.key(), e.getMessage());
      outcome = new Outcome(Optional.empty(), Optional.of(f), true);
    } catch (RuntimeException e) {
      Failure f = failures.record(action, "internal error: " + e);
      LOG.error("{} for {} failed unexpectedly", action.name(), action.key(), e);
      outcome = new Outcome(Optional.empty(), Optional.of(f), true);
    }
    Outcome done = outcome;
    observations
        .request()
        .whenComplete(
            (snapshot, error) -> {
              release(action);
              onFinished.accept(action, done);
            });
  }

  private synchronized void release(Action action) {
    busyResources.remove(action.key());
    action.townLocks().forEach(busyTownObjects::remove);
  }
}
