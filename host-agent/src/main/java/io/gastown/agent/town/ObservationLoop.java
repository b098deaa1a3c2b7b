package io.gastown.agent.town;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs observations one at a time on its own thread: periodically, on request right after an
 * action, and soon after the town signals a change ({@link #townChanged}). A request is answered by
 * an observation that <em>started after</em> the request, so an action's own effect is always in
 * the snapshot its resource is next planned against. Requests that arrive during a cycle share the
 * next one, so a burst of actions costs one observation.
 *
 * <p>A change signal (a file gt writes, a tmux session ending) starts a cycle after the {@link
 * ChangePacer}'s debounce, unless a cycle starts before that anyway; signals that arrive before
 * that cycle starts share it, and a cycle always follows a signal that arrived while one was
 * running. The periodic cycle remains the safety net for whatever no signal reports.
 *
 * <p>While observations fail (gt exits non-zero, hangs until the command timeout, prints what
 * cannot be read) the period backs off exponentially with jitter, up to eight intervals (at most 30
 * s), so a broken gt is asked a bounded number of times; the first success restores the interval.
 */
public final class ObservationLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObservationLoop.class);
  static final long MAX_BACKOFF_MILLIS = 30_000;
  static final int BACKOFF_INTERVALS = 8;

  /** How soon a cycle follows one after which polecat details were fetched. */
  static final long DETAILS_FOLLOW_UP_MILLIS = 1_000;

  private final TownObserver observer;
  private final Clock clock;
  private final long intervalMillis;
  private final Consumer<Optional<TownSnapshot>> onObserved;
  private final ScheduledExecutorService thread;
  private final List<CompletableFuture<Optional<TownSnapshot>>> waiting = new ArrayList<>();
  private volatile Optional<TownSnapshot> latest = Optional.empty();
  private volatile Instant lastSuccess = Instant.EPOCH;
  private volatile int consecutiveFailures;
  private volatile String lastFailure = "";
  private ScheduledFuture<?> nextPeriodic;
  private boolean cycleQueued;
  private final ChangePacer pacer;
  private final LongSupplier nanoTime;
  private boolean changePending;
  private boolean runawayLogged;
  private long changeGeneration;
  private volatile long cycles;
  private volatile long changeCycles;

  /**
   * @param onObserved called on the loop's thread after each cycle with the snapshot, or empty when
   *     the cycle failed (planning must then wait: acting on an unknown town is unsafe)
   */
  public ObservationLoop(
      TownObserver observer,
      Clock clock,
      long intervalMillis,
      Consumer<Optional<TownSnapshot>> onObserved) {
    this(observer, clock, intervalMillis, onObserved, ChangePacer.DEFAULTS, System::nanoTime);
  }

  /** As above, with the pacing of change cycles and the monotonic clock made explicit (tests). */
  ObservationLoop(
      TownObserver observer,
      Clock clock,
      long intervalMillis,
      Consumer<Optional<TownSnapshot>> onObserved,
      ChangePacer.Settings pacing,
      LongSupplier nanoTime) {
    this.pacer = new ChangePacer(pacing);
    this.nanoTime = nanoTime;
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

  /** Observations that failed in a row since the last success (0: the last one succeeded). */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** Why the last observation failed, in gt's words; empty when it succeeded. */
  public Optional<String> failure() {
    return consecutiveFailures == 0 ? Optional.empty() : Optional.of(lastFailure);
  }

  /** The delay before the next periodic cycle: the interval, longer while observations fail. */
  long nextDelayMillis() {
    int failures = consecutiveFailures;
    if (failures == 0) {
      return intervalMillis;
    }
    long cap =
        Math.max(intervalMillis, Math.min(MAX_BACKOFF_MILLIS, intervalMillis * BACKOFF_INTERVALS));
    long exp = Math.min(cap, intervalMillis << Math.min(failures, 20));
    return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
  }

  /** Asks for an observation that starts after now; completes with its result. */
  public synchronized CompletableFuture<Optional<TownSnapshot>> request() {
    CompletableFuture<Optional<TownSnapshot>> f = new CompletableFuture<>();
    waiting.add(f);
    queueCycle(0);
    return f;
  }

  /**
   * Says the town changed (a watched file was written, a tmux session ended): an observation will
   * start within the pacer's debounce or gap, unless one starts before that anyway. Cheap and
   * non-blocking; called from the watchers' threads. While observations fail, signals are ignored:
   * the backoff's own cycle decides when gt is asked again, so a broken gt stays rarely asked.
   */
  public synchronized void townChanged() {
    if (changePending || thread.isShutdown() || consecutiveFailures > 0) {
      return;
    }
    changePending = true;
    long generation = ++changeGeneration;
    long now = nanoTime.getAsLong();
    long delay = Math.max(0, pacer.startAt(now) - now);
    try {
      thread.schedule(() -> startChangeCycle(generation), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closing: no more cycles
    }
  }

  private synchronized void startChangeCycle(long generation) {
    if (!changePending || generation != changeGeneration) {
      return; // a cycle that started after the signal has served it
    }
    long now = nanoTime.getAsLong();
    pacer.started(now);
    changeCycles++;
    boolean runaway = pacer.runaway(now);
    if (runaway && !runawayLogged) {
      LOG.warn(
          "the town has been changing without pause for a minute: observing it at most every {} ms"
              + " until it calms down",
          ChangePacer.DEFAULTS.runawayGapNanos() / 1_000_000);
    }
    runawayLogged = runaway;
    queueCycle(0);
  }

  /** Observation cycles run so far (of every cause). */
  public long cycles() {
    return cycles;
  }

  /** Cycles started because the town signalled a change. */
  public long changeCycles() {
    return changeCycles;
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
      changePending = false; // this cycle sees every change signalled so far
      cycles++;
      served = new ArrayList<>(waiting);
      waiting.clear();
    }
    Optional<TownSnapshot> result;
    try {
      result = Optional.of(observer.observe());
      lastSuccess = clock.instant();
      if (consecutiveFailures > 0) {
        LOG.info("observing the town works again after {} failures", consecutiveFailures);
      }
      consecutiveFailures = 0;
    } catch (RuntimeException e) {
      if (thread.isShutdown()) {
        return;
      }
      lastFailure = e.getMessage() == null ? e.toString() : e.getMessage();
      consecutiveFailures++;
      LOG.warn("observing the town failed ({} in a row): {}", consecutiveFailures, lastFailure);
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
    // What the details said reaches the CRs with a cycle soon after, not a change signal: a
    // detail is no change of the town and must not feed the change pacer's runaway guard.
    boolean learnt = result.isPresent() && fetchPendingDetails() > 0;
    synchronized (this) {
      if (!cycleQueued) {
        long next = nextDelayMillis();
        queueCycle(learnt ? Math.min(DETAILS_FOLLOW_UP_MILLIS, next) : next);
      }
    }
  }

  /** Polecat details after the plan, not before it: they only fill in status fields. */
  private int fetchPendingDetails() {
    try {
      return observer.fetchPendingDetails();
    } catch (RuntimeException e) {
      LOG.warn("fetching polecat details failed: {}", e.toString());
      return 0;
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
