package io.gastown.bench;

import io.gastown.bench.scenario.Context;
import io.gastown.bench.scenario.Footprint;
import io.gastown.bench.scenario.ObservationCost;
import io.gastown.bench.scenario.Polecats;
import io.gastown.bench.scenario.Resync;
import io.gastown.bench.scenario.Rigs;
import io.gastown.bench.scenario.SpawnFloor;
import io.gastown.bench.scenario.SpawnLatency;
import io.gastown.bench.scenario.StatusChanges;
import java.time.Duration;
import java.util.List;

/**
 * The order of one run. Scenarios share one stack and grow the town as they go, each measured while
 * nothing else is being measured: light idle with 10 CRs; CR → gt at each level; the status
 * scenarios (rigs, then polecats) with 100 rigs, before the CRs grow to 1,000; reconnect resync at
 * 5,000 CRs; heap, RSS and idle at 10,000 CRs; polecat-scale observation cost last (a thousand
 * polecats make every stand-in listing cost seconds of CPU, which would load every other figure).
 */
final class Benchmark {
  private final Context ctx;
  private double wrapperDelay;

  Benchmark(Context ctx) {
    this.ctx = ctx;
  }

  void run() {
    Options o = ctx.options();
    Rigs rigs = ctx.rigs();
    wrapperDelay = new SpawnFloor(ctx).run();
    Footprint footprint = new Footprint(ctx);
    rigs.ensureBackground(10, o.realBackground(), Duration.ofSeconds(60));
    if (o.runs("idle") && !o.quick()) { // the quick run measures idle once, loaded
      footprint.idle("light: " + rigs.present() + " CRs");
    }
    SpawnLatency latency = new SpawnLatency(ctx, wrapperDelay);
    for (int level : o.levels()) {
      ctx.log("background: %d Rig CRs", level);
      rigs.ensureBackground(level, o.realBackground(), Duration.ofSeconds(60 + level / 4));
      if (o.runs("latency")) {
        latency.run(level);
      }
      if (level == 100) {
        statusScenarios();
      }
    }
    if (!o.levels().contains(100)) {
      statusScenarios();
    }
    if (o.runs("resync")) {
      new Resync(ctx).run();
    }
    if (o.runs("footprint")) {
      footprint.heap();
    }
    if (o.runs("cycle")) {
      new ObservationCost(ctx).run();
    }
  }

  private void statusScenarios() {
    List<Polecats.Working> working =
        ctx.options().runs("polecats")
            ? new Polecats(ctx, wrapperDelay).sling(ctx.options().stallPolecats())
            : List.of();
    if (ctx.options().runs("state") || !working.isEmpty()) {
      new StatusChanges(ctx).run(working);
    }
  }
}
