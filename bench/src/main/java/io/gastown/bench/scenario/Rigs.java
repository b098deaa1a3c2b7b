package io.gastown.bench.scenario;

import io.gastown.bench.kube.Crs;
import io.gastown.bench.kube.StatusTracker;
import io.gastown.bench.stack.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Rig CRs of a run and their names. Background rigs are real: the agent runs {@code gt rig add}
 * for each and they become Ready. Bulk rigs (for the 5,000 and 10,000 CR figures, where adding
 * thousands of rigs to the stand-in would take longer than the whole run) are valid Rigs that all
 * name the same gt rig ({@code spec.rigName: bulk_anchor}): the first becomes Ready, every other is
 * refused by the agent with RigNameConflict and never reaches gt. Each holds a desired resource in
 * the agent, an informer entry and a written status in the relay, as any Rig does.
 */
public final class Rigs {
  public static final String BULK_GT_NAME = "bulk_anchor";

  private final Stack stack;
  private final List<String> background = new ArrayList<>();
  private final List<String> bulk = new ArrayList<>();
  private int probes;
  private int extra;

  public Rigs(Stack stack) {
    this.stack = stack;
  }

  /** gt's name of a Rig CR without spec.rigName: the CR name with '-' → '_'. */
  public static String gtName(String crName) {
    return crName.replace('-', '_');
  }

  public static String key(String crName) {
    return StatusTracker.key(Crs.RIGS, null, crName);
  }

  public List<String> background() {
    return List.copyOf(background);
  }

  /** Every Rig CR the run keeps (background and bulk; probes are deleted after use). */
  public int present() {
    return background.size() + bulk.size() + extra;
  }

  /** Counts a Rig CR created elsewhere (e.g. the polecats' rig). */
  public void countExtra() {
    extra++;
  }

  /**
   * Creates background rigs until {@code n} Rig CRs are present and waits until all are Ready;
   * beyond {@code realLimit} real ones, the rest are bulk.
   */
  public void ensureBackground(int n, int realLimit, Duration timeout) {
    List<Crs.RigSpec> more = new ArrayList<>();
    while (present() + more.size() < n && background.size() + more.size() < realLimit) {
      int i = background.size() + more.size();
      more.add(new Crs.RigSpec(String.format("r-bg-%04d", i), Crs.prefix("b", i)));
    }
    stack.crs().createRigs(more, 4);
    more.forEach(r -> background.add(r.name()));
    awaitPhase(background, "Ready", timeout);
    if (present() < n) {
      ensureBulk(n, timeout);
    }
  }

  /** How many bulk Rigs are present. */
  public int bulkCount() {
    return bulk.size();
  }

  /** Creates bulk rigs until {@code n} Rig CRs are present; waits until each has a status. */
  public void ensureBulk(int n, Duration timeout) {
    ensureBulk(n, timeout, true);
  }

  /**
   * As {@link #ensureBulk(int, Duration)}; without {@code watch} it waits on the relay's
   * status-write counter instead of the harness's own watch (which doubles the mock API's work per
   * write at 10,000 objects).
   */
  public void ensureBulk(int n, Duration timeout, boolean watch) {
    List<Crs.RigSpec> more = new ArrayList<>();
    while (present() + more.size() < n) {
      int i = bulk.size() + more.size();
      more.add(new Crs.RigSpec(String.format("bulk-%05d", i), Crs.prefix("k", i), BULK_GT_NAME));
    }
    double writesBefore = stack.relayStatusWrites();
    stack.crs().createRigs(more, 2);
    more.forEach(r -> bulk.add(r.name()));
    if (watch) {
      awaitAnyPhase(bulk, timeout);
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (stack.relayStatusWrites() - writesBefore < more.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the relay wrote fewer than " + more.size() + " statuses within " + timeout);
      }
      sleep(500);
    }
  }

  /** A fresh probe: a real Rig nobody has asked for yet. */
  public Crs.RigSpec nextProbe() {
    int i = probes++;
    return new Crs.RigSpec(String.format("r-lat-%05d", i), Crs.prefix("p", i));
  }

  void awaitPhase(List<String> names, String phase, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long missing =
          names.stream().filter(n -> !stack.tracker().phaseOf(key(n)).equals(phase)).count();
      if (missing == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            missing + " of " + names.size() + " Rigs not " + phase + " within " + timeout);
      }
      sleep(100);
    }
  }

  void awaitAnyPhase(List<String> names, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long missing = names.stream().filter(n -> stack.tracker().phaseOf(key(n)).isEmpty()).count();
      if (missing == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            missing + " of " + names.size() + " Rigs have no status within " + timeout);
      }
      sleep(100);
    }
  }

  static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
