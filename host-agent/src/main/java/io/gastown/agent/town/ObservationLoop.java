package io.gastown.agent.town;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs observations one at a time on its own thread: periodically, and on request right after an
 * action. A request is answered by an observation that <em>started after</em> the request, so an
 * action's own effect is always in the snapshot its resource is next planned against. Requests that
 * arrive during a cycle share the next one, so a burst of actions costs one observation.
 */
public final class ObservationLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObservationLoop.class);

  private final TownObserver observer;
  private final Clock clock;
  private final long intervalMillis;
  private final Consumer<Optional<TownSnapshot>> onObserved;
  private final ScheduledExecutorService thread;
  private final List<CompletableFuture<Optional<TownSnapshot>>> waiting = new ArrayList<>();
  private volatile Optional<TownSnapshot> latest = Optional.empty();
  private volatile Instant lastSuccess = Instant.EPOCH;
  private ScheduledFuture<?> nextPeriodic;
  private boolean cycleQueued;

  /**
   * @param onObserved called on the loop's thread after each cycle with the snapshot, or empty when
   *     the cycle failed (planning must then wait: acting on an unknown town is unsafe)
   */
  public ObservationLoop(
      TownObserver observer,
      Clock clock,
      long intervalMillis,
      Consumer<Optional<TownSnapshot>> onObserved) {
    this.observer = observer;
    this.clock = clock;
    this.intervalMillis = intervalMillis;
    this.onObserved = onObserved;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "town-observer");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the periodic cycle (the first one immediately). */
  public synchronized void start() {
    queueCycle(0);
  }

  /** The latest snapshot; empty until one succeeded, and while the latest cycle failed. */
  public Optional<TownSnapshot> latest() {
    return latest;
  }

  /** When an observation last succeeded (EPOCH: never). */
  public Instant lastSuccess() {
    return lastSuccess;
  }

  /** Asks for an observation that starts after now; completes with its result. */
  public synchronized CompletableFuture<Optional<TownSnapshot>> request() {
    CompletableFuture<Optional<TownSnapshot>> f = new CompletableFuture<>();
    waiting.add(f);
    queueCycle(0);
    return f;
  }

  private synchronized void queueCycle(long delayMillis) {
    if (thread.isShutdown()) {
      return;
    }
    if (delayMillis == 0) {
      if (cycleQueued) {
        return;
      }
      cycleQueued = true;
      if (nextPeriodic != null) {
        nextPeriodic.cancel(false);
      }
    }
    ScheduledFuture<?> f = thread.schedule(this::cycle, delayMillis, TimeUnit.MILLISECONDS);
    if (delayMillis > 0) {
      nextPeriodic = f;
    }
  }

  private void cycle() {
    List<CompletableFuture<Optional<TownSnapshot>>> served;
    synchronized (this) {
      cycleQueued = false;
      served = new ArrayList<>(waiting);
      waiting.clear();
    }
    Optional<TownSnapshot> result;
    try {
      result = Optional.of(observer.observe());
      lastSuccess = clock.instant();
    } catch (RuntimeException e) {
      if (thread.isShutdown()) {
        return;
      }
      LOG.warn("observing the town failed: {}", e.getMessage());
      result = Optional.empty();
    }
    latest = result;
    try {
      onObserved.accept(result);
    } catch (RuntimeException e) {
      LOG.error("planning after an observation failed", e);
    }
    for (CompletableFuture<Optional<TownSnapshot>> f : served) {
      f.complete(result);
    }
    synchronized (this) {
      if (!cycleQueued) {
        queueCycle(intervalMillis);
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      waiting.forEach(f -> f.complete(Optional.empty()));
      waiting.clear();
    }
  }
}
