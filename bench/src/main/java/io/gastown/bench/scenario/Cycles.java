package io.gastown.bench.scenario;

import io.gastown.bench.town.Call;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's observation cycles read back from its gt calls: every cycle starts with {@code gt rig
 * list}, so the agent's calls between two of them are one cycle's (plus, when something acted, the
 * calls of that action).
 */
record Cycles(List<List<Call>> complete) {

  /** Splits the agent's calls, in spawn order, at each {@code gt rig list}; drops the open tail. */
  static Cycles of(List<Call> calls) {
    List<Call> agent =
        calls.stream()
            .filter(Call::byAgent)
            .sorted(java.util.Comparator.comparingLong(Call::spawnMicros))
            .toList();
    List<List<Call>> cycles = new ArrayList<>();
    List<Call> current = null;
    for (Call c : agent) {
      if (c.is("rig", "list")) {
        if (current != null) {
          cycles.add(current);
        }
        current = new ArrayList<>();
      }
      if (current != null) {
        current.add(c);
      }
    }
    return new Cycles(List.copyOf(cycles));
  }

  /** gt processes per complete cycle. */
  List<Integer> counts() {
    return complete.stream().map(List::size).toList();
  }

  /** The listings per complete cycle: every call but the per-rig and per-polecat detail fetches. */
  List<Integer> listingCounts() {
    return complete.stream()
        .map(
            c ->
                (int)
                    c.stream()
                        .filter(x -> !x.is("polecat", "status") && !x.is("rig", "status"))
                        .count())
        .toList();
  }

  /** tmux processes the stand-in started per complete cycle. */
  List<Integer> tmuxCounts() {
    return complete.stream().map(c -> c.stream().mapToInt(Call::tmux).sum()).toList();
  }

  /**
   * Whether the last {@code n} cycles look alike and fetched no per-polecat details: the agent's
   * cache of {@code gt polecat status} answers is warm.
   */
  boolean steady(int n) {
    if (complete.size() < n) {
      return false;
    }
    List<List<Call>> last = complete.subList(complete.size() - n, complete.size());
    boolean noDetails =
        last.stream().flatMap(List::stream).noneMatch(c -> c.is("polecat", "status"));
    return noDetails && last.stream().map(List::size).distinct().count() == 1;
  }
}
