package io.gastown.bench.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Distribution of a sample: nearest-rank percentiles (the value at rank ⌈q·n⌉ of the sorted sample,
 * so every percentile is a value that was actually measured; with fewer than 100 values p99 is the
 * maximum).
 */
public record Summary(
    int n, double min, double p50, double p95, double p99, double max, double mean) {

  public static Summary of(Collection<? extends Number> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to summarise");
    }
    List<Double> sorted = new ArrayList<>(values.size());
    values.forEach(v -> sorted.add(v.doubleValue()));
    Collections.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return new Summary(
        sorted.size(),
        sorted.get(0),
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        sorted.get(sorted.size() - 1),
        sum / sorted.size());
  }

  /** Nearest-rank percentile of an ascending list; {@code q} in (0, 1]. */
  public static double percentile(List<Double> ascending, double q) {
    if (ascending.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    if (q <= 0 || q > 1) {
      throw new IllegalArgumentException("percentile out of (0, 1]: " + q);
    }
    int rank = (int) Math.ceil(q * ascending.size());
    return ascending.get(Math.max(0, Math.min(ascending.size(), rank) - 1));
  }
}
