package io.gastown.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one benchmark run does: the scale of each scenario (a quick run and a full run), the
 * stand-in's per-call cost, the comparator's cadence, where results go.
 *
 * @param observeMillis the agent's observation period; 0 keeps the agent's own default
 * @param only scenario names to run (empty: all)
 * @param steadyCycles equal cycles without detail fetches that make the observation "steady"
 * @param relayJvm the relay's JVM flags (default: the chart's)
 * @param agentJvm the agent's JVM flags (default: the installer's)
 * @param realBackground background Rigs that are real (gt rig add); beyond it, bulk Rigs fill the
 *     levels (the quick run, to stay within a minute)
 */
public record Options(
    boolean quick,
    Path repoRoot,
    Path workDir,
    Path out,
    int delayMs,
    long observeMillis,
    Duration pollRequeue,
    int pollWorkers,
    boolean jfr,
    Set<String> only,
    List<Integer> levels,
    int warmupProbes,
    int probes,
    int stateChanges,
    int stallPolecats,
    int resyncCrs,
    int cuts,
    int heapCrs,
    Duration idleWindow,
    List<Integer> polecatScales,
    Duration steadyWait,
    int steadyCycles,
    int realBackground,
    String relayJvm,
    String agentJvm) {

  public static final List<String> SCENARIOS =
      List.of("idle", "latency", "state", "polecats", "resync", "footprint", "cycle");

  /** The options as plain values, for the JSON results. */
  public java.util.Map<String, Object> describe() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("mode", quick ? "quick" : "full");
    m.put("standinDelayMs", delayMs);
    m.put("agentObserveMillis", observeMillis > 0 ? observeMillis : "agent default");
    m.put("pollRequeueSeconds", pollRequeue.toSeconds());
    m.put("pollWorkers", pollWorkers);
    m.put("jfr", jfr);
    m.put("scenarios", only.isEmpty() ? SCENARIOS : List.copyOf(only));
    m.put("latencyLevels", levels);
    m.put("probesPerLevel", probes);
    m.put("warmupProbes", warmupProbes);
    m.put("stateChanges", stateChanges);
    m.put("stallPolecats", stallPolecats);
    m.put("resyncCrs", resyncCrs);
    m.put("cuts", cuts);
    m.put("heapCrs", heapCrs);
    m.put("idleWindowSeconds", idleWindow.toSeconds());
    m.put("polecatScales", polecatScales);
    m.put("relayJvm", relayJvm);
    m.put("agentJvm", agentJvm);
    m.put("realBackgroundRigs", realBackground);
    return m;
  }

  public boolean runs(String scenario) {
    return only.isEmpty() || only.contains(scenario);
  }

  /** Parses {@code scripts/bench.sh}'s flags; throws with a usage message on a bad one. */
  public static Options parse(String[] args, Path repoRoot) {
    boolean quick = false;
    Path out = null;
    Path work = null;
    int delay = 20;
    long observe = 0;
    int requeue = 10;
    int workers = 3;
    boolean jfr = false;
    Set<String> only = Set.of();
    String relayJvm = io.gastown.bench.stack.Stack.RELAY_JVM;
    String agentJvm = io.gastown.bench.stack.Stack.AGENT_JVM;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--jfr" -> jfr = true;
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--work" -> work = Path.of(value(args, ++i, a));
        case "--delay-ms" -> delay = Integer.parseInt(value(args, ++i, a));
        case "--observe-ms" -> observe = Long.parseLong(value(args, ++i, a));
        case "--poll-requeue-s" -> requeue = Integer.parseInt(value(args, ++i, a));
        case "--poll-workers" -> workers = Integer.parseInt(value(args, ++i, a));
        case "--only" -> only = Set.of(value(args, ++i, a).split(","));
        case "--relay-jvm" -> relayJvm = value(args, ++i, a);
        case "--agent-jvm" -> agentJvm = value(args, ++i, a);
        default -> throw new IllegalArgumentException("unknown argument " + a + "\n" + usage());
      }
    }
    for (String s : only) {
      if (!SCENARIOS.contains(s)) {
        throw new IllegalArgumentException("unknown scenario " + s + "; known: " + SCENARIOS);
      }
    }
    Path target = repoRoot.resolve("bench/target");
    return new Options(
        quick,
        repoRoot,
        work != null ? work : target.resolve("bench-run"),
        out != null ? out : target.resolve("bench-results.json"),
        delay,
        // the quick run's cycle figures need a few periodic cycles in seconds, not in half a minute
        observe == 0 && quick ? 2000 : observe,
        Duration.ofSeconds(requeue),
        workers,
        jfr,
        only,
        quick ? List.of(10, 100) : List.of(10, 100, 1000),
        quick ? 5 : 20,
        quick ? 10 : 100,
        quick ? 8 : 100,
        quick ? 3 : 20,
        quick ? 300 : 5000,
        quick ? 1 : 3,
        quick ? 600 : 10_000,
        Duration.ofSeconds(quick ? 2 : 10),
        quick ? List.of(1, 16) : List.of(1, 100, 1000),
        Duration.ofSeconds(quick ? 20 : 90),
        quick ? 2 : 3,
        quick ? 10 : 100,
        relayJvm,
        agentJvm);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value\n" + usage());
    }
    return args[i];
  }

  static String usage() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "usage: scripts/bench.sh [--quick] [--out FILE.json] [--delay-ms N] [--observe-ms N]");
    lines.add(
        "                        [--poll-requeue-s N] [--poll-workers N] [--jfr] [--only a,b]");
    lines.add("scenarios: " + String.join(", ", SCENARIOS));
    return String.join("\n", lines);
  }
}
