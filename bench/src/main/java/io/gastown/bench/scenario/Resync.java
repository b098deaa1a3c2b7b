package io.gastown.bench.scenario;

import io.gastown.bench.kube.StatusTracker;
import io.gastown.bench.net.CountingProxy;
import io.gastown.bench.report.Results;
import io.gastown.bench.report.Row;
import io.gastown.bench.stats.Summary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reconnect with thousands of unchanged CRs. The agent is restarted to dial the relay through a
 * byte-counting proxy (which also gives the "agent started → resynced" figure), left to settle,
 * then every connection is cut. Timed from the proxy accepting the new connection to the agent's
 * log line saying it applied ResyncEnd (TLS handshake, Hello with the inventory, the relay's
 * comparison and ResyncBegin/End); the total from the cut also holds the reconnect backoff (full
 * jitter, 0–500 ms on a first retry). Bytes are both directions on the new connection until that
 * line, TLS records included.
 */
public final class Resync {
  private final Context ctx;

  public Resync(Context ctx) {
    this.ctx = ctx;
  }

  public void run() {
    int target = ctx.options().resyncCrs();
    ctx.log("resync: topping up to %d Rig CRs", target);
    ctx.rigs().ensureBulk(target, Duration.ofSeconds(600));
    ctx.stack().awaitQuiet(Duration.ofSeconds(120));
    int present = ctx.rigs().present();

    ctx.log("resync: restarting the agent through the counting proxy");
    long before = System.currentTimeMillis();
    ctx.stack().startAgent(true);
    long readyAt = System.currentTimeMillis();
    long started = ctx.stack().agent().startedMillis();
    Optional<Long> resynced =
        ctx.stack().agentLog().awaitResyncedAfter(before, Duration.ofSeconds(30));
    Optional<Long> planned =
        ctx.stack().agentLog().awaitResyncPlannedAfter(before, Duration.ofSeconds(30));
    Optional<Long> connected = ctx.stack().agentLog().firstAfter("connected to cluster", before);
    var section = ctx.results().section("resync");
    section.put("crsPresent", present);
    if (resynced.isPresent()) {
      long startup = resynced.get() - started;
      section.put("agentStartToResyncedMillis", startup);
      connected.ifPresent(t -> section.put("agentStartToConnectedMillis", t - started));
      planned.ifPresent(t -> section.put("agentStartToResyncPlannedMillis", t - started));
      section.put("agentStartToReadyMillis", readyAt - started);
      ctx.results()
          .row(
              new Row(
                  "Host agent started → connected and resynced",
                  present + " CRs present (JVM start included)",
                  Results.ms(startup)
                      + connected.map(t -> "; connected at " + Results.ms(t - started)).orElse("")
                      + planned
                          .map(t -> "; every resource planned at " + Results.ms(t - started))
                          .orElse(""),
                  "≤ 1.5 s",
                  Row.verdict(startup <= 1500),
                  "—",
                  "—"));
    }
    ctx.stack().awaitQuiet(Duration.ofSeconds(180));

    CountingProxy proxy = ctx.stack().proxy().orElseThrow();
    List<Double> resync = new ArrayList<>();
    List<Double> total = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    var cuts = section.putArray("cuts");
    for (int i = 0; i < ctx.options().cuts(); i++) {
      long up = proxy.upBytes();
      long down = proxy.downBytes();
      long cut = StatusTracker.nowMicros();
      proxy.cutAll();
      Optional<Long> at =
          ctx.stack().agentLog().awaitResyncedAfter(cut / 1000, Duration.ofSeconds(60));
      long upAfter = proxy.upBytes() - up;
      long downAfter = proxy.downBytes() - down;
      Optional<Long> accepted = proxy.acceptedAtMicros().stream().filter(t -> t > cut).findFirst();
      if (at.isEmpty() || accepted.isEmpty()) {
        ctx.results().note("resync: the agent did not log a resync within 60 s of cut " + (i + 1));
        continue;
      }
      double fromConnect = Math.max(0, at.get() * 1000 - accepted.get()) / 1000.0;
      double fromCut = (at.get() * 1000 - cut) / 1000.0;
      resync.add(fromConnect);
      total.add(fromCut);
      bytes.add(upAfter + downAfter);
      var c = cuts.addObject();
      c.put("connectToResyncedMillis", fromConnect);
      c.put("cutToResyncedMillis", fromCut);
      c.put("bytesUp", upAfter);
      c.put("bytesDown", downAfter);
      ctx.stack().awaitQuiet(Duration.ofSeconds(60));
    }
    if (resync.isEmpty()) {
      return;
    }
    Summary s = Summary.of(resync);
    Summary t = Summary.of(total);
    long maxBytes = bytes.stream().mapToLong(Long::longValue).max().orElse(0);
    section.set("connectToResyncedMillis", Results.json(s));
    section.set("cutToResyncedMillis", Results.json(t));
    boolean meets = s.max() <= 1000 && maxBytes <= 1_000_000;
    ctx.results()
        .row(
            new Row(
                "Reconnect resync, unchanged CRs: time / bytes on the wire",
                present + " CRs, " + s.n() + " cut(s)",
                String.format(
                    Locale.ROOT,
                    "%s (max %s; %s from the cut, backoff included) / %s",
                    Results.ms(s.p50()),
                    Results.ms(s.max()),
                    Results.ms(t.max()),
                    kib(maxBytes)),
                "≤ 1 s, ≤ 1 MB",
                Row.verdict(meets),
                "—",
                "—"));
  }

  static String kib(long bytes) {
    return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
  }
}
