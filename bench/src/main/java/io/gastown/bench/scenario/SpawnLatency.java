package io.gastown.bench.scenario;

import io.gastown.bench.kube.Crs;
import io.gastown.bench.kube.StatusTracker;
import io.gastown.bench.report.Results;
import io.gastown.bench.report.Row;
import io.gastown.bench.stats.Summary;
import io.gastown.bench.town.Call;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CR written → gt invoked. A new Rig CR is created through the API; the clock starts when the write
 * is done (the create call returned, or the harness's own watch saw the object, whichever came
 * first) and stops at the wrapper's stamp of the agent's {@code gt rig add} for it: the moment the
 * gt process started.
 *
 * <p>Probes go one at a time, each once the previous one is Ready plus a random 20–70 ms, so each
 * meets an idle pipeline, as one {@code kubectl apply} does (the follow-up work of a probe — the gt
 * command and the observation after it — would otherwise compete for the two cores). They are
 * deleted after each level so the level's count holds. The agent's log line for the decision
 * ("AddRig for KIND_RIG …", millisecond stamps) splits each figure into cluster side plus link (CR
 * written → the agent decided) and agent side (decided → process started).
 */
public final class SpawnLatency {
  private final Context ctx;
  private final double wrapperDelayMillis;
  private boolean warmedUp;

  /**
   * @param wrapperDelayMillis the wrapper's own delay between exec and its stamp (see {@link
   *     SpawnFloor}), taken off the figures to give "process started" at exec
   */
  public SpawnLatency(Context ctx, double wrapperDelayMillis) {
    this.ctx = ctx;
    this.wrapperDelayMillis = wrapperDelayMillis;
  }

  /** Measures with {@code level} Rig CRs present (the background must already be in place). */
  public void run(int level) {
    if (!warmedUp) {
      ctx.log(
          "latency: %d warm-up probes (discarded: JIT and connection warm-up)",
          ctx.options().warmupProbes());
      probe(ctx.options().warmupProbes());
      warmedUp = true;
    }
    int present = ctx.rigs().present();
    ctx.log("latency: %d probes with %d Rig CRs present", ctx.options().probes(), present);
    List<Sample> samples = probe(ctx.options().probes());
    Summary stamped = Summary.of(samples.stream().map(Sample::latencyMillis).toList());
    Summary s =
        Summary.of(
            samples.stream()
                .map(x -> Math.max(0, x.latencyMillis() - wrapperDelayMillis))
                .toList());
    var section = ctx.results().section("crToGtInvoked").putObject(Integer.toString(level));
    section.put("crsPresent", present);
    section.put("bulkCrsAmongThem", ctx.rigs().bulkCount());
    section.set("latencyMillis", Results.json(s));
    section.set("latencyToWrapperStampMillis", Results.json(stamped));
    section.put("wrapperDelayTakenOffMillis", wrapperDelayMillis);
    section.set(
        "apiCreateRoundTripMillis",
        Results.json(Summary.of(samples.stream().map(Sample::apiWriteMillis).toList())));
    List<Double> toDecision =
        samples.stream().map(Sample::toDecisionMillis).flatMap(Optional::stream).toList();
    List<Double> decisionToSpawn =
        samples.stream().map(Sample::decisionToSpawnMillis).flatMap(Optional::stream).toList();
    if (!toDecision.isEmpty()) {
      section.set("crWrittenToAgentDecisionMillis", Results.json(Summary.of(toDecision)));
      section.set("agentDecisionToSpawnMillis", Results.json(Summary.of(decisionToSpawn)));
    }
    // what the stand-in's own "ts" would have added: it is stamped after Python has started
    section.set(
        "standinTsMinusSpawnMillis",
        Results.json(
            Summary.of(
                samples.stream()
                    .map(x -> (x.call().tsMillis() * 1000 - x.call().spawnMicros()) / 1000.0)
                    .toList())));
    section.putPOJO("samplesMillis", samples.stream().map(Sample::latencyMillis).toList());
    ctx.results()
        .row(
            new Row(
                "CR written → gt invoked (Rig → `gt rig add`)",
                present
                    + " CRs present"
                    + (ctx.rigs().bulkCount() > 0 ? " (" + ctx.rigs().bulkCount() + " bulk)" : "")
                    + ", n="
                    + s.n(),
                "p50 "
                    + Results.ms(s.p50())
                    + " / p95 "
                    + Results.ms(s.p95())
                    + " / p99 "
                    + Results.ms(s.p99())
                    + " (to the wrapper's stamp: "
                    + Results.ms(stamped.p50())
                    + " / "
                    + Results.ms(stamped.p95())
                    + " / "
                    + Results.ms(stamped.p99())
                    + ")",
                "p50 ≤ 5 ms, p99 ≤ 25 ms",
                Row.verdict(s.p50() <= 5 && s.p99() <= 25),
                "—",
                "—"));
  }

  /**
   * One probe. "Written" is the earliest moment the write was observable: the create call returning
   * or the harness's own informer seeing it, whichever came first (the API's own handling before
   * it, ≈ 5 ms in the in-JVM mock, is reported apart as the create round trip).
   */
  private record Sample(
      long createStartMicros,
      long createEndMicros,
      long writtenMicros,
      Call call,
      Optional<Long> decidedMillis) {
    double latencyMillis() {
      return (call.spawnMicros() - writtenMicros) / 1000.0;
    }

    double apiWriteMillis() {
      return (createEndMicros - createStartMicros) / 1000.0;
    }

    Optional<Double> toDecisionMillis() {
      return decidedMillis.map(d -> d - writtenMicros / 1000.0);
    }

    Optional<Double> decisionToSpawnMillis() {
      return decidedMillis.map(d -> call.spawnMicros() / 1000.0 - d);
    }
  }

  private List<Sample> probe(int count) {
    int mark = ctx.stack().journal().size();
    List<Crs.RigSpec> specs = new ArrayList<>();
    Map<String, long[]> times = new HashMap<>();
    for (int i = 0; i < count; i++) {
      Crs.RigSpec spec = ctx.rigs().nextProbe();
      long start = StatusTracker.nowMicros();
      ctx.stack().crs().createRig(spec);
      long end = StatusTracker.nowMicros();
      specs.add(spec);
      times.put(Rigs.gtName(spec.name()), new long[] {start, end});
      if (ctx.stack()
          .tracker()
          .awaitEntered(Rigs.key(spec.name()), "Ready", start, Duration.ofSeconds(30))
          .isEmpty()) {
        throw new IllegalStateException("probe " + spec.name() + " not Ready within 30 s");
      }
      Rigs.sleep(20 + ThreadLocalRandom.current().nextInt(51));
    }
    Map<String, Call> adds = rigAdds(mark, times.keySet());
    List<Sample> samples = new ArrayList<>();
    for (Crs.RigSpec spec : specs) {
      String gt = Rigs.gtName(spec.name());
      long[] t = times.get(gt);
      Optional<Long> decided =
          ctx.stack()
              .agentLog()
              .firstAfter("AddRig for KIND_RIG " + spec.name() + " ", t[0] / 1000 - 1);
      long seen = ctx.stack().tracker().firstSeen(Rigs.key(spec.name())).orElse(t[1]);
      samples.add(new Sample(t[0], t[1], Math.min(t[1], seen), adds.get(gt), decided));
    }
    for (Crs.RigSpec spec : specs) {
      ctx.stack().client().genericKubernetesResources(Crs.RIGS).withName(spec.name()).delete();
    }
    removeFromTown(specs);
    return samples;
  }

  /**
   * Takes the probes' rigs out of the town again ({@code gt rig remove}, by the harness; the CRs'
   * Retain policy left them there): the stand-in's listings cost more with every rig, and later
   * scenarios should meet the town the level describes.
   */
  private void removeFromTown(List<Crs.RigSpec> specs) {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (Crs.RigSpec spec : specs) {
        done.add(
            pool.submit(() -> ctx.stack().town().gt("rig", "remove", Rigs.gtName(spec.name()))));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("gt rig remove of a probe failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<String, Call> rigAdds(int mark, Set<String> gtNames) {
    Map<String, Call> found = new HashMap<>();
    for (Call c : ctx.stack().journal().since(mark)) {
      if (c.byAgent() && c.is("rig", "add") && gtNames.contains(c.argv().get(2))) {
        found.putIfAbsent(c.argv().get(2), c);
      }
    }
    if (found.size() < gtNames.size()) {
      throw new IllegalStateException(
          "no agent gt rig add found for " + (gtNames.size() - found.size()) + " Ready probes");
    }
    return found;
  }
}
