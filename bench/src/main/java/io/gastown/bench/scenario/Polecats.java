package io.gastown.bench.scenario;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gastown.bench.kube.Crs;
import io.gastown.bench.kube.StatusTracker;
import io.gastown.bench.report.Results;
import io.gastown.bench.report.Row;
import io.gastown.bench.stats.Summary;
import io.gastown.bench.town.Call;
import io.gastown.testkit.CliResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Polecats end to end: a Rig, beads in it, and Polecat CRs that the agent slings ({@code gt
 * sling}), timed from the CR write to the sling's spawn. Returns the working polecats for the
 * status scenario (whose sessions it kills), or none when polecat support does not work yet.
 */
public final class Polecats {
  static final String RIG = "r-pc";
  static final String NAMESPACE = "default";

  /** A Polecat CR that reached Working, with gt's name for it and its tmux session. */
  public record Working(String crName, String gtRig, String polecat, String session) {
    String key() {
      return StatusTracker.key(Crs.POLECATS, NAMESPACE, crName);
    }
  }

  private final Context ctx;
  private final double wrapperDelayMillis;

  /** {@code wrapperDelayMillis}: see {@link SpawnFloor}; taken off the sling latency. */
  public Polecats(Context ctx, double wrapperDelayMillis) {
    this.ctx = ctx;
    this.wrapperDelayMillis = wrapperDelayMillis;
  }

  public List<Working> sling(int count) {
    ctx.log("polecats: %d Polecat CRs to sling", count);
    ctx.stack().crs().createRig(new Crs.RigSpec(RIG, "pcrig"));
    ctx.rigs().countExtra();
    ctx.rigs().awaitPhase(List.of(RIG), "Ready", Duration.ofSeconds(60));
    String gtRig = Rigs.gtName(RIG);
    Map<String, String> beadOf = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      CliResult bead =
          ctx.stack().town().bdInRig(gtRig, "create", "--title", "bench " + i, "--json");
      if (!bead.ok()) {
        throw new IllegalStateException("bd create failed:\n" + bead);
      }
      String name = String.format("pc-%03d", i);
      names.add(name);
      beadOf.put(name, bead.stdout().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
    }
    int mark = ctx.stack().journal().size();
    Map<String, Long> written = new HashMap<>();
    for (String name : names) {
      long start = StatusTracker.nowMicros();
      ctx.stack().crs().createPolecat(NAMESPACE, name, RIG, beadOf.get(name));
      long end = StatusTracker.nowMicros();
      // written: the create returned or the harness's watch saw it, whichever came first
      written.put(
          name,
          Math.min(
              end,
              ctx.stack()
                  .tracker()
                  .firstSeen(StatusTracker.key(Crs.POLECATS, NAMESPACE, name))
                  .orElse(end)));
      ctx.stack()
          .tracker()
          .awaitEntered(
              StatusTracker.key(Crs.POLECATS, NAMESPACE, name),
              "Working",
              start,
              Duration.ofSeconds(30));
      Rigs.sleep(20 + ThreadLocalRandom.current().nextInt(51));
    }
    long working = ctx.stack().tracker().count("polecats", "Working"::equals);
    ctx.results().section("polecats").put("slungAndWorking", working);
    if (working < count) {
      ctx.results()
          .note(
              "Polecat figures missing: only "
                  + working
                  + " of "
                  + count
                  + " Polecat CRs reached Working within 30 s (polecat support not end to end)");
      return List.of();
    }
    slingLatency(mark, written, beadOf);
    List<Working> out = new ArrayList<>();
    for (String name : names) {
      Map<String, Object> status = status(name);
      out.add(
          new Working(
              name,
              gtRig,
              String.valueOf(status.getOrDefault("polecatName", "")),
              String.valueOf(status.getOrDefault("session", ""))));
    }
    return out;
  }

  private void slingLatency(int mark, Map<String, Long> written, Map<String, String> beadOf) {
    List<Double> latency = new ArrayList<>();
    List<Call> calls = ctx.stack().journal().since(mark);
    for (Map.Entry<String, Long> e : written.entrySet()) {
      String bead = beadOf.get(e.getKey());
      calls.stream()
          .filter(c -> c.byAgent() && c.is("sling") && c.argv().contains(bead))
          .findFirst()
          .ifPresent(
              c ->
                  latency.add(
                      Math.max(0, (c.spawnMicros() - e.getValue()) / 1000.0 - wrapperDelayMillis)));
    }
    if (latency.isEmpty()) {
      return;
    }
    Summary s = Summary.of(latency);
    ctx.results().section("polecats").set("crToSlingMillis", Results.json(s));
    ctx.results()
        .row(
            new Row(
                "CR written → gt invoked (Polecat → `gt sling`)",
                ctx.rigs().present() + " Rig CRs present, n=" + s.n(),
                "p50 "
                    + Results.ms(s.p50())
                    + " / p95 "
                    + Results.ms(s.p95())
                    + " / p99 "
                    + Results.ms(s.p99()),
                "p50 ≤ 5 ms, p99 ≤ 25 ms",
                Row.verdict(s.p50() <= 5 && s.p99() <= 25),
                "—",
                "—"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> status(String name) {
    GenericKubernetesResource cr =
        ctx.stack()
            .client()
            .genericKubernetesResources(Crs.POLECATS)
            .inNamespace(NAMESPACE)
            .withName(name)
            .get();
    Object status = cr == null ? null : cr.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
