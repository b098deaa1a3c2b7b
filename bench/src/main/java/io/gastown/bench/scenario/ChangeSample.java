package io.gastown.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One change made in the town, and when each side's CR status showed it.
 *
 * @param key the resource
 * @param expected the phase the status must reach
 * @param startMicros when the gt command (or tmux kill) that made the change started
 * @param doneMicros when it returned: the change is in the town from then on
 */
record ChangeSample(String key, String expected, long startMicros, long doneMicros) {

  /** Latency from the change to a status time (never below zero: seen while the command ended). */
  Optional<Double> latencyMillis(Optional<Long> seenMicros) {
    return seenMicros.map(t -> Math.max(0, t - doneMicros) / 1000.0);
  }

  /**
   * Waits until {@code seen} finds every sample's status, or until {@code timeout}; returns each
   * sample's latency (empty: never seen).
   */
  static List<Optional<Double>> awaitAll(
      List<ChangeSample> samples, Function<ChangeSample, Optional<Long>> seen, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline
        && samples.stream().anyMatch(c -> seen.apply(c).isEmpty())) {
      Rigs.sleep(20);
    }
    List<Optional<Double>> out = new ArrayList<>();
    samples.forEach(c -> out.add(c.latencyMillis(seen.apply(c))));
    return out;
  }
}
