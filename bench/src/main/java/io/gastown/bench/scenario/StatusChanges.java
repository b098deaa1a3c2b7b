package io.gastown.bench.scenario;

import io.gastown.bench.kube.StatusTracker;
import io.gastown.bench.poll.Poller;
import io.gastown.bench.town.Call;
import io.gastown.testkit.CliResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * gt state change → CR status, for ours and the polling comparator on the same changes. In one
 * window the harness parks rigs with {@code gt rig park} (as a person at the keyboard would) and
 * kills the tmux sessions of working polecats (as a crash would), in random order 150–350 ms apart,
 * and times each until the CR shows Parked or Stalled. Each change lasts until both sides have seen
 * it (or a timeout), so a short-lived state is not what is measured; the parked rigs are unparked
 * afterwards, unmeasured.
 */
public final class StatusChanges {
  private final Context ctx;

  public StatusChanges(Context ctx) {
    this.ctx = ctx;
  }

  private record Change(ChangeSample sample, String oursKey, String pollKey, boolean rig) {}

  public void run(List<Polecats.Working> polecats) {
    List<String> rigs = ctx.rigs().background();
    int parks = Math.max(1, Math.min(rigs.size(), ctx.options().stateChanges()));
    ctx.log(
        "status: %d rig parks and %d session kills; polling comparator over %d rigs and %d"
            + " polecats every %ds",
        parks,
        polecats.size(),
        rigs.size(),
        polecats.size(),
        ctx.options().pollRequeue().toSeconds());
    try (Poller poller =
        new Poller(
            ctx.stack().town(),
            ctx.stack().client(),
            ctx.options().pollRequeue(),
            ctx.options().pollWorkers())) {
      for (String rig : rigs) {
        String gt = Rigs.gtName(rig);
        poller.add(new Poller.Target("rig-" + gt, List.of("rig", "status", gt), Poller::rigPhase));
      }
      for (Polecats.Working p : polecats) {
        poller.add(
            new Poller.Target(
                "polecat-" + p.crName(),
                List.of("polecat", "status", p.gtRig() + "/" + p.polecat(), "--json"),
                Poller::polecatPhase));
      }
      awaitFirstPass(poller);
      List<Runnable> plan = new ArrayList<>();
      List<Change> changes = Collections.synchronizedList(new ArrayList<>());
      for (String rig : rigs.subList(0, parks)) {
        plan.add(() -> changes.add(park(rig)));
      }
      for (Polecats.Working p : polecats) {
        plan.add(() -> changes.add(kill(p)));
      }
      Collections.shuffle(plan);
      int mark = ctx.stack().journal().size();
      long polledBefore = poller.spawns();
      long windowStart = System.nanoTime();
      for (Runnable step : plan) {
        step.run();
        Rigs.sleep(150 + ThreadLocalRandom.current().nextInt(201));
      }
      List<ChangeSample> samples = changes.stream().map(Change::sample).toList();
      List<Optional<Double>> ours =
          ChangeSample.awaitAll(
              samples,
              c ->
                  ctx.stack()
                      .tracker()
                      .enteredAfter(find(changes, c).oursKey(), c.expected(), c.startMicros()),
              Duration.ofSeconds(15));
      List<Optional<Double>> polled =
          ChangeSample.awaitAll(
              samples,
              c -> poller.enteredAfter(find(changes, c).pollKey(), c.expected(), c.startMicros()),
              ctx.options().pollRequeue().plusSeconds(15));
      double window = (System.nanoTime() - windowStart) / 1e9;
      long oursSpawns = ctx.stack().journal().since(mark).stream().filter(Call::byAgent).count();
      long polledSpawns = poller.spawns() - polledBefore;
      report(changes, ours, polled, true, rigs.size() + " rigs");
      if (!polecats.isEmpty()) {
        report(changes, ours, polled, false, polecats.size() + " polecats");
      }
      StatusLatencyReport.spawnRate(
          ctx,
          rigs.size() + " rigs + " + polecats.size() + " polecats, " + Math.round(window) + " s",
          oursSpawns,
          polledSpawns,
          window);
    }
    for (String rig : rigs.subList(0, parks)) {
      ctx.stack().town().gt("rig", "unpark", Rigs.gtName(rig));
    }
  }

  private void report(
      List<Change> changes,
      List<Optional<Double>> ours,
      List<Optional<Double>> polled,
      boolean rigs,
      String scope) {
    List<Optional<Double>> o = new ArrayList<>();
    List<Optional<Double>> p = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).rig() == rigs) {
        o.add(ours.get(i));
        p.add(polled.get(i));
      }
    }
    StatusLatencyReport.add(
        ctx,
        rigs ? "rigParkedToStatus" : "sessionKilledToStalled",
        rigs
            ? "gt state change → CR status (`gt rig park` → Parked)"
            : "tmux session killed → Polecat CR Stalled",
        scope,
        o,
        p);
  }

  private static Change find(List<Change> changes, ChangeSample s) {
    return changes.stream().filter(c -> c.sample() == s).findFirst().orElseThrow();
  }

  private Change park(String rig) {
    String gt = Rigs.gtName(rig);
    long start = StatusTracker.nowMicros();
    CliResult r = ctx.stack().town().gt("rig", "park", gt);
    long done = StatusTracker.nowMicros();
    if (!r.ok()) {
      throw new IllegalStateException("gt rig park " + gt + " failed:\n" + r);
    }
    return new Change(
        new ChangeSample(rig, "Parked", start, done), Rigs.key(rig), "rig-" + gt, true);
  }

  private Change kill(Polecats.Working p) {
    long start = StatusTracker.nowMicros();
    ctx.stack().town().killSession(p.session());
    long done = StatusTracker.nowMicros();
    return new Change(
        new ChangeSample(p.crName(), "Stalled", start, done),
        p.key(),
        "polecat-" + p.crName(),
        false);
  }

  private void awaitFirstPass(Poller poller) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!poller.allPolledOnce()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the polling comparator did not finish its first pass");
      }
      Rigs.sleep(50);
    }
  }
}
