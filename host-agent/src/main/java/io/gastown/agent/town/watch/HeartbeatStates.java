package io.gastown.agent.town.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each heartbeat file last said, so that only a change of it counts. gt rewrites {@code
 * <town>/.runtime/heartbeats/<session>.json} on every gt command a polecat runs (internal/cmd/
 * root.go touchPolecatHeartbeat), which moves only its timestamp: observing the town for each of
 * those would cost gt calls in proportion to the polecats' own activity. A new file, a removed one,
 * or a changed {@code state} (working, idle, exiting, stuck) is a change; its {@code bead} is not
 * (gt's every-command touch writes none, {@code gt done} writes one: bead changes are seen in the
 * beads database, where they happen). gt writes these files in place (truncate, then write): a file
 * read mid-write does not parse and is skipped, as the write's next event will be read whole.
 */
final class HeartbeatStates {
  static final long MAX_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, String> seen = new HashMap<>();

  /** Reads every heartbeat in {@code dir} without calling any of them a change. */
  synchronized void seed(Path dir) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        read(f).ifPresent(s -> seen.put(f.getFileName().toString(), s));
      }
    } catch (IOException e) {
      // the directory went: its watch ends and the plan is made again
    }
  }

  /** Whether the heartbeat {@code file} (just created or written) says something new. */
  synchronized boolean written(Path file) {
    Optional<String> now = read(file);
    if (now.isEmpty()) {
      return false;
    }
    String before = seen.put(file.getFileName().toString(), now.get());
    return !now.get().equals(before);
  }

  /** A heartbeat file was removed (gt removes it when it stops the session): always a change. */
  synchronized boolean removed(String name) {
    seen.remove(name);
    return true;
  }

  /** The part of a heartbeat that matters: its state, or empty when it cannot be read. */
  static Optional<String> read(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        return Optional.empty();
      }
      JsonNode hb = JSON.readTree(Files.readAllBytes(file));
      if (hb == null || !hb.isObject()) {
        return Optional.empty();
      }
      return Optional.of(hb.path("state").asText(""));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
