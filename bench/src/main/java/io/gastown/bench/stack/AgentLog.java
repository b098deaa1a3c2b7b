package io.gastown.bench.stack;

import io.gastown.bench.town.TailReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads the host agent's log. The agent runs with millisecond timestamps on every line, so each
 * time is the agent's own, not when the harness read the file. Three kinds of line matter: "relay
 * X: resynced in N ms" (the link applied ResyncEnd: the cluster's desired state is held), "relay X:
 * resync applied, N desired resources planned" (the reconciler planned what the resync brought) and
 * "AddRig for KIND_RIG name" (written when the reconciler handed the action to the executor).
 */
public final class AgentLog {
  /** The format the agent is started with (-Dorg.slf4j.simpleLogger.dateTimeFormat). */
  public static final String DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";

  private static final DateTimeFormatter PARSER = DateTimeFormatter.ofPattern(DATE_FORMAT);

  /** A log line and its own timestamp (epoch ms). */
  public record Line(long millis, String text) {}

  private final TailReader reader;
  private final List<Line> lines = new ArrayList<>();

  AgentLog(Path file) {
    this.reader = new TailReader(file);
  }

  /** Every timestamped line so far. */
  public synchronized List<Line> lines() {
    for (String text : reader.newLines()) {
      timestamp(text).ifPresent(t -> lines.add(new Line(t, text)));
    }
    return List.copyOf(lines);
  }

  /** The time of the first line at or after {@code afterMillis} that contains {@code text}. */
  public Optional<Long> firstAfter(String text, long afterMillis) {
    return lines().stream()
        .filter(l -> l.millis() >= afterMillis && l.text().contains(text))
        .map(Line::millis)
        .findFirst();
  }

  /** Waits for a resync logged at or after {@code afterMillis}; its time, or empty on timeout. */
  public Optional<Long> awaitResyncedAfter(long afterMillis, Duration timeout) {
    return await(": resynced in ", afterMillis, timeout);
  }

  /**
   * Waits for the reconciler's line after a resync's changes were planned, at or after {@code
   * afterMillis}; its time, or empty on timeout.
   */
  public Optional<Long> awaitResyncPlannedAfter(long afterMillis, Duration timeout) {
    return await(": resync applied, ", afterMillis, timeout);
  }

  private Optional<Long> await(String text, long afterMillis, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Long> t = firstAfter(text, afterMillis);
      if (t.isPresent()) {
        return t;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  static Optional<Long> timestamp(String line) {
    int space = line.indexOf(' ');
    if (space <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(line.substring(0, space), PARSER).toInstant().toEpochMilli());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
