package io.gastown.bench.scenario;

import io.gastown.bench.report.Results;
import io.gastown.bench.report.Row;
import io.gastown.bench.stats.Summary;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns our and the comparator's status latencies into table rows and JSON sections. */
final class StatusLatencyReport {
  private StatusLatencyReport() {}

  static void add(
      Context ctx,
      String id,
      String figure,
      String scope,
      List<Optional<Double>> ours,
      List<Optional<Double>> polled) {
    List<Double> o = ours.stream().flatMap(Optional::stream).toList();
    List<Double> p = polled.stream().flatMap(Optional::stream).toList();
    var section = ctx.results().section(id);
    section.put("changes", ours.size());
    section.put("oursMissed", ours.size() - o.size());
    section.put("pollingMissed", polled.size() - p.size());
    if (o.isEmpty()) {
      ctx.results().note(figure + ": no change was seen by our side within 15 s (see the logs)");
      return;
    }
    Summary so = Summary.of(o);
    section.set("oursMillis", Results.json(so));
    String comparator = "—";
    String ratio = "—";
    if (!p.isEmpty()) {
      Summary sp = Summary.of(p);
      section.set("pollingMillis", Results.json(sp));
      comparator = "p50 " + Results.ms(sp.p50()) + " / p99 " + Results.ms(sp.p99());
      ratio = String.format(Locale.ROOT, "%.1f× (p99)", sp.p99() / Math.max(so.p99(), 0.001));
    }
    if (p.size() < polled.size()) {
      comparator += " (" + (polled.size() - p.size()) + " not seen)";
    }
    String missed = o.size() < ours.size() ? " (" + (ours.size() - o.size()) + " not seen)" : "";
    ctx.results()
        .row(
            new Row(
                figure,
                scope + ", n=" + ours.size(),
                "p50 " + Results.ms(so.p50()) + " / p99 " + Results.ms(so.p99()) + missed,
                "p99 ≤ 1 s",
                Row.verdict(so.p99() <= 1000 && o.size() == ours.size()),
                comparator,
                ratio));
  }

  /** gt processes per minute each side spent keeping those statuses fresh. */
  static void spawnRate(
      Context ctx, String scope, long oursSpawns, long polledSpawns, double windowSeconds) {
    double oursPerMin = oursSpawns * 60 / windowSeconds;
    double polledPerMin = polledSpawns * 60 / windowSeconds;
    var section = ctx.results().section("statusSpawns");
    section.put("windowSeconds", windowSeconds);
    section.put("oursGtProcesses", oursSpawns);
    section.put("pollingGtProcesses", polledSpawns);
    ctx.results()
        .row(
            new Row(
                "gt processes per minute spent keeping status fresh",
                scope,
                Results.num(oursPerMin),
                "—",
                "—",
                Results.num(polledPerMin),
                fewer(polledPerMin, oursPerMin)));
  }

  /** "12.0× fewer" when ours is smaller, "2.0× more" when it is larger. */
  static String fewer(double theirs, double ours) {
    if (ours <= 0 || theirs <= 0) {
      return "—";
    }
    return theirs >= ours
        ? String.format(Locale.ROOT, "%.1f× fewer", theirs / ours)
        : String.format(Locale.ROOT, "%.1f× more", ours / theirs);
  }
}
