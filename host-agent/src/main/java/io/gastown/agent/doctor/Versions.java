package io.gastown.agent.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the numeric part of a version word leniently ({@code 3.3a} → 3.3, {@code next-3.4} → 3.4,
 * {@code 1.2.2-ex1} → 1.2.2, {@code v0.57.0} → 0.57.0) and compares versions by their numbers.
 */
final class Versions {
  private static final Pattern NUMBERS = Pattern.compile("(\\d{1,9})((?:\\.\\d{1,9})*)");

  private Versions() {}

  /** The version's numbers, or empty when it holds none (e.g. {@code master}). */
  static Optional<List<Integer>> numbers(String version) {
    Matcher m = NUMBERS.matcher(version);
    if (!m.find()) {
      return Optional.empty();
    }
    List<Integer> out = new ArrayList<>();
    out.add(Integer.parseInt(m.group(1)));
    for (String part : m.group(2).split("\\.")) {
      if (!part.isEmpty()) {
        out.add(Integer.parseInt(part));
      }
    }
    return Optional.of(out);
  }

  /**
   * Whether {@code version} is at least {@code minimum}; empty when {@code version} has no numbers.
   * Missing parts count as 0 (3 = 3.0).
   */
  static Optional<Boolean> atLeast(String version, String minimum) {
    Optional<List<Integer>> v = numbers(version);
    List<Integer> min = numbers(minimum).orElseThrow();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 0; i < Math.max(v.get().size(), min.size()); i++) {
      int a = i < v.get().size() ? v.get().get(i) : 0;
      int b = i < min.size() ? min.get(i) : 0;
      if (a != b) {
        return Optional.of(a > b);
      }
    }
    return Optional.of(true);
  }
}
