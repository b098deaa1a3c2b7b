package io.gastown.bench.scenario;

import io.gastown.bench.proc.ChildProcess;
import io.gastown.bench.proc.Jcmd;
import io.gastown.bench.proc.ProcFs;
import io.gastown.bench.report.Row;
import io.gastown.bench.town.Call;
import java.time.Duration;
import java.util.Locale;

/**
 * Memory and idle CPU of the two programs. Live heap is what remains after a full GC ({@code jcmd
 * GC.run}, then {@code GC.heap_info}); RSS is {@code VmRSS}; CPU is the process's own user+system
 * time from {@code /proc/<pid>/stat} over a quiet window (the gt processes the agent starts are
 * counted separately, as spawns).
 */
public final class Footprint {
  private final Context ctx;

  public Footprint(Context ctx) {
    this.ctx = ctx;
  }

  /** Relay live heap with the configured number of CRs, then RSS and idle CPU at that scale. */
  public void heap() {
    int target = ctx.options().heapCrs();
    ctx.log("footprint: topping up to %d Rig CRs", target);
    ctx.stack().tracker().close(); // no more status waits: spare the mock API a second watcher
    ctx.rigs().ensureBulk(target, Duration.ofSeconds(900), false);
    ctx.stack().awaitQuiet(Duration.ofSeconds(180));
    int present = ctx.rigs().present();
    long relayLive = Jcmd.liveHeapKib(ctx.stack().relay().pid());
    long agentLive = Jcmd.liveHeapKib(ctx.stack().agent().pid());
    var section = ctx.results().section("footprint");
    section.put("crsPresent", present);
    section.put("relayLiveHeapKib", relayLive);
    section.put("agentLiveHeapKib", agentLive);
    section.put("relayHistogram", Jcmd.histogramTop(ctx.stack().relay().pid(), 15));
    if (ctx.options().agentJvm().contains("NativeMemoryTracking")) {
      section.put("agentNativeMemory", Jcmd.nativeMemory(ctx.stack().agent().pid()));
    }
    if (ctx.options().relayJvm().contains("NativeMemoryTracking")) {
      section.put("relayNativeMemory", Jcmd.nativeMemory(ctx.stack().relay().pid()));
    }
    ctx.results()
        .row(
            new Row(
                "Relay live heap after full GC",
                present + " CRs",
                mib(relayLive),
                "≤ 128 MiB",
                Row.verdict(relayLive <= 128 * 1024),
                "—",
                "—"));
    idle("loaded: " + present + " CRs");
  }

  /** RSS of both programs, and their CPU over a quiet window. */
  public void idle(String scope) {
    Duration window = ctx.options().idleWindow();
    ctx.log("footprint: idle CPU over %ds (%s)", window.toSeconds(), scope);
    ChildProcess relay = ctx.stack().relay();
    ChildProcess agent = ctx.stack().agent();
    ctx.stack().awaitQuiet(Duration.ofSeconds(120));
    // the quick run prints every figure within a minute: its idle figure skips both settles
    double caughtUp = ctx.options().quick() ? 0 : awaitNoFullPass();
    double settle = ctx.options().quick() ? 0 : awaitCompilersQuiet(relay.pid(), agent.pid());
    int mark = ctx.stack().journal().size();
    long relayCpu = ProcFs.cpuMillis(relay.pid());
    long agentCpu = ProcFs.cpuMillis(agent.pid());
    var relayThreads = ProcFs.threadCpuMillis(relay.pid());
    var agentThreads = ProcFs.threadCpuMillis(agent.pid());
    long t0 = System.nanoTime();
    Rigs.sleep(window.toMillis());
    double seconds = (System.nanoTime() - t0) / 1e9;
    double relayPct = (ProcFs.cpuMillis(relay.pid()) - relayCpu) / (seconds * 10);
    double agentPct = (ProcFs.cpuMillis(agent.pid()) - agentCpu) / (seconds * 10);
    long spawns = ctx.stack().journal().since(mark).stream().filter(Call::byAgent).count();
    long relayRss = ProcFs.rssKib(relay.pid());
    long agentRss = ProcFs.rssKib(agent.pid());
    var section = ctx.results().section("idle").putObject(scope);
    section.put("windowSeconds", seconds);
    section.put("fullPassSettleSeconds", caughtUp);
    section.put("compilerSettleSeconds", settle);
    section.put("relayCpuPercentOfOneCore", relayPct);
    section.put("agentCpuPercentOfOneCore", agentPct);
    section.put("agentGtProcesses", spawns);
    busiest(relayThreads, ProcFs.threadCpuMillis(relay.pid()))
        .forEach(section.putObject("relayCpuMillisByThread")::put);
    busiest(agentThreads, ProcFs.threadCpuMillis(agent.pid()))
        .forEach(section.putObject("agentCpuMillisByThread")::put);
    section.put("relayRssKib", relayRss);
    section.put("agentRssKib", agentRss);
    ctx.results()
        .row(
            new Row(
                "Idle CPU, relay / agent (% of one core)",
                scope,
                String.format(Locale.ROOT, "%.2f %% / %.2f %%", relayPct, agentPct),
                "~0 % (≤ 1 %)",
                Row.verdict(relayPct <= 1 && agentPct <= 1),
                "—",
                "—"));
    ChartLimit.memoryMib(ctx.options().repoRoot())
        .ifPresent(
            limit ->
                ctx.results()
                    .row(
                        new Row(
                            "Relay RSS against the chart's memory limit",
                            scope,
                            mib(relayRss),
                            "≤ " + limit + " MiB (values.yaml resources.limits.memory)",
                            Row.verdict(relayRss <= limit * 1024L),
                            "—",
                            "—")));
    ctx.results()
        .row(
            new Row(
                "Host agent RSS (relay RSS)",
                scope,
                mib(agentRss) + " (" + mib(relayRss) + ")",
                "agent ≤ 150 MiB",
                Row.verdict(agentRss <= 150 * 1024),
                "—",
                "—"));
  }

  static final Duration NO_FULL_PASS = Duration.ofSeconds(11);
  static final Duration FULL_PASS_SETTLE_CAP = Duration.ofSeconds(45);
  static final Duration COMPILER_QUIET = Duration.ofSeconds(2);
  static final Duration COMPILER_SETTLE_CAP = Duration.ofSeconds(30);

  /**
   * Waits until the agent went a periodic observation (10 s) without a full planning pass (at most
   * {@link #FULL_PASS_SETTLE_CAP}); returns the seconds waited. The first periodic cycle after the
   * last desired change re-plans everything (the level-triggered safety net): the tail of that
   * change's work, not idle.
   */
  double awaitNoFullPass() {
    return awaitStill(ctx.stack()::agentFullPasses, NO_FULL_PASS, FULL_PASS_SETTLE_CAP);
  }

  /**
   * Waits until neither JVM's JIT compiler threads used CPU for {@link #COMPILER_QUIET} (at most
   * {@link #COMPILER_SETTLE_CAP}); returns the seconds waited. Right after start, or after a burst
   * of work, the compilers finish what the work made hot for several seconds: start-up's cost, not
   * idle's. The window's per-thread figures still show any compiler time that remains.
   */
  static double awaitCompilersQuiet(long relayPid, long agentPid) {
    return awaitStill(
        () -> compilerMillis(relayPid) + compilerMillis(agentPid),
        COMPILER_QUIET,
        COMPILER_SETTLE_CAP);
  }

  /**
   * Waits until {@code value} stayed the same for {@code still} (read every half second), or for
   * {@code cap} in all; returns the seconds waited.
   */
  static double awaitStill(java.util.function.DoubleSupplier value, Duration still, Duration cap) {
    long t0 = System.nanoTime();
    long deadline = t0 + cap.toNanos();
    double last = value.getAsDouble();
    long stillSince = t0;
    while (System.nanoTime() < deadline && System.nanoTime() - stillSince < still.toNanos()) {
      Rigs.sleep(500);
      double now = value.getAsDouble();
      if (now != last) {
        last = now;
        stillSince = System.nanoTime();
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static long compilerMillis(long pid) {
    return ProcFs.threadCpuMillis(pid).entrySet().stream()
        .filter(e -> e.getKey().contains("CompilerThre"))
        .mapToLong(java.util.Map.Entry::getValue)
        .sum();
  }

  /**
   * Where the idle time went: CPU milliseconds per thread (pool) over the window, busiest first.
   */
  static java.util.Map<String, Long> busiest(
      java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
    java.util.Map<String, Long> spent = new java.util.LinkedHashMap<>();
    after.entrySet().stream()
        .map(
            e ->
                java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> spent.put(e.getKey(), e.getValue()));
    return spent;
  }

  static String mib(long kib) {
    return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
  }
}
