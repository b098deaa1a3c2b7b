package io.gastown.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the timeline of a recovery from a host agent process's log (its lines start with {@code
 * HH:mm:ss.SSS}, see {@link AgentSide}): when it reconnected, when the resync was applied and when
 * its last gt action ended, each counted from a moment the test names — so a convergence figure
 * says where its time went.
 */
final class AgentLog {
  private AgentLog() {}

  /** "reconnected +X ms, resynced +Y ms, last gt action +Z ms" after {@code from}. */
  static String timeline(Path log, LocalTime from) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return "reconnected +"
        + first(lines, from, "connected to cluster")
        + ", resynced +"
        + first(lines, from, ": resynced in ")
        + ", last gt action +"
        + last(lines, from, "io.gastown.agent.act.Executor")
        + " (ms, from the agent's log)";
  }

  private static String first(List<String> lines, LocalTime from, String marker) {
    for (String line : lines) {
      Optional<LocalTime> t = stamp(line);
      if (t.isPresent() && !t.get().isBefore(from) && line.contains(marker)) {
        return String.valueOf(Duration.between(from, t.get()).toMillis());
      }
    }
    return "?";
  }

  private static String last(List<String> lines, LocalTime from, String marker) {
    String found = "0 (none after)";
    for (String line : lines) {
      Optional<LocalTime> t = stamp(line);
      if (t.isPresent() && !t.get().isBefore(from) && line.contains(marker)) {
        found = String.valueOf(Duration.between(from, t.get()).toMillis());
      }
    }
    return found;
  }

  private static Optional<LocalTime> stamp(String line) {
    if (line.length() < 12) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalTime.parse(line.substring(0, 12)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
