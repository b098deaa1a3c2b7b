package io.gastown.bench.scenario;

import io.gastown.bench.report.Results;
import io.gastown.bench.report.Row;
import io.gastown.bench.town.Call;
import io.gastown.testkit.CliResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * gt processes per observation cycle as the town grows to 1, 100 and 1,000 polecats (made with
 * {@code standin-ctl populate}, live tmux sessions included), counted from the calls the agent
 * made. The steady figure is taken once the agent's per-polecat detail cache is warm (it fetches
 * {@code gt polecat status} for at most 16 new polecats a cycle); the warm-up is reported too. The
 * comparator's figure is one pass of one {@code gt polecat status} per polecat.
 */
public final class ObservationCost {
  static final String RIG = "pcscale";

  private final Context ctx;
  private final List<String> polecats = new ArrayList<>();

  public ObservationCost(Context ctx) {
    this.ctx = ctx;
  }

  public void run() {
    ctx.stack().town().addRig(RIG, "https://github.com/example/pcscale.git");
    for (int scale : ctx.options().polecatScales()) {
      measure(scale);
    }
  }

  private void measure(int scale) {
    ctx.log("cycle: populating to %d polecats", scale);
    int mark = ctx.stack().journal().size();
    polecats.addAll(ctx.stack().town().populate(RIG, scale - polecats.size()));
    long start = System.nanoTime();
    long deadline = start + ctx.options().steadyWait().toNanos();
    Cycles cycles = Cycles.of(ctx.stack().journal().since(mark));
    while (!cycles.steady(ctx.options().steadyCycles()) && System.nanoTime() < deadline) {
      Rigs.sleep(500);
      cycles = Cycles.of(ctx.stack().journal().since(mark));
    }
    boolean steady = cycles.steady(ctx.options().steadyCycles());
    List<Integer> counts = cycles.counts();
    List<Integer> listings = cycles.listingCounts();
    List<Integer> tmux = cycles.tmuxCounts();
    var section = ctx.results().section("observationCycle").putObject(Integer.toString(scale));
    section.put("polecats", scale);
    section.put("steady", steady);
    section.put("secondsWatched", (System.nanoTime() - start) / 1e9);
    section.putPOJO("gtProcessesPerCycle", counts);
    section.putPOJO("listingsPerCycle", listings);
    section.putPOJO("tmuxProcessesPerCycle", tmux);
    if (counts.isEmpty()) {
      ctx.results().note("cycle: no complete observation cycle seen with " + scale + " polecats");
      return;
    }
    int last = counts.get(counts.size() - 1);
    int lastTmux = tmux.get(tmux.size() - 1);
    int maxListings = Collections.max(listings);
    int warmMax = Collections.max(counts);
    int warmCycles = steady ? counts.size() - ctx.options().steadyCycles() : counts.size();
    Comparator pass = comparatorPass();
    section.put("pollingPassGtProcesses", pass.spawns());
    section.put("pollingPassTmuxProcesses", pass.tmux());
    section.put("pollingPassSeconds", pass.seconds());
    section.put("pollingPassTimedCalls", pass.timed());
    String measured;
    if (steady) {
      measured =
          last
              + " (tmux "
              + lastTmux
              + ")"
              + (warmMax > last
                  ? "; warm-up: ≤ " + warmMax + " for " + warmCycles + " cycle(s)"
                  : "");
    } else {
      measured =
          "listings "
              + maxListings
              + " every cycle; still fetching details after "
              + Math.round((System.nanoTime() - start) / 1e9)
              + " s: ≤ "
              + warmMax
              + " in each of "
              + counts.size()
              + " cycle(s), ⌈"
              + scale
              + "/16⌉ such cycles in all";
    }
    String passText =
        pass.spawns()
            + " per pass (tmux "
            + pass.tmux()
            + "), pass "
            + Results.ms(pass.seconds() * 1000)
            + (pass.timed() < pass.spawns() ? " (time from " + pass.timed() + " calls)" : "");
    ctx.results()
        .row(
            new Row(
                "gt processes per observation cycle",
                scale + " polecat(s), " + ctx.rigs().present() + " CRs",
                measured,
                "≤ 4, constant",
                steady ? Row.verdict(last <= 4) : "NO (warm-up)",
                passText,
                StatusLatencyReport.fewer(pass.spawns(), steady ? last : maxListings)));
  }

  /**
   * @param spawns gt processes one pass starts: one per polecat
   * @param timed how many of them were run and timed (at most {@link #TIMED_CALLS})
   * @param seconds the pass's duration, scaled up from the timed calls when not all were run
   */
  private record Comparator(long spawns, long tmux, double seconds, long timed) {}

  /** A pass over 1,000 polecats costs minutes of the stand-in's CPU: time 200, scale the rest. */
  static final int TIMED_CALLS = 200;

  /**
   * One pass of the comparator: {@code gt polecat status} per polecat, its worker count at once.
   */
  private Comparator comparatorPass() {
    int mark = ctx.stack().journal().size();
    List<String> timed = polecats.subList(0, Math.min(TIMED_CALLS, polecats.size()));
    ExecutorService pool = Executors.newFixedThreadPool(ctx.options().pollWorkers());
    long t0 = System.nanoTime();
    try {
      List<Future<CliResult>> runs = new ArrayList<>();
      for (String p : timed) {
        runs.add(
            pool.submit(() -> ctx.stack().town().gt("polecat", "status", RIG + "/" + p, "--json")));
      }
      for (Future<CliResult> f : runs) {
        f.get(120, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("comparator pass failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - t0) / 1e9 * polecats.size() / timed.size();
    List<Call> calls =
        ctx.stack().journal().since(mark).stream()
            .filter(c -> !c.byAgent() && c.is("polecat", "status"))
            .toList();
    long tmuxPerCall =
        calls.isEmpty() ? 0 : calls.stream().mapToLong(Call::tmux).sum() / calls.size();
    return new Comparator(polecats.size(), tmuxPerCall * polecats.size(), seconds, timed.size());
  }
}
