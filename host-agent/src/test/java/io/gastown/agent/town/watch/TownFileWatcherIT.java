package io.gastown.agent.town.watch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file watch on a bare town directory (no gt): directories gt creates several levels at once
 * are watched down to the one that matters, and the stand-in's own files are never watched.
 */
class TownFileWatcherIT {
  @TempDir Path dir;

  @Test
  void directoriesMadeSeveralLevelsAtOnceAreWatchedToTheirLeaf() throws Exception {
    // gt's first park makes .beads-wisp/config with one mkdir -p and writes <rig>.json into it; a
    // watch that registers .beads-wisp after config already exists gets no event for config, so
    // this is repeated to give that race its chances.
    for (int i = 0; i < 25; i++) {
      Path town = Files.createDirectories(dir.resolve("t" + i).resolve("mayor")).getParent();
      AtomicInteger changes = new AtomicInteger();
      try (TownFileWatcher w = TownFileWatcher.start(town, changes::incrementAndGet)) {
        Path config = Files.createDirectories(town.resolve(".beads-wisp/config"));
        Files.writeString(config.resolve("gastown.json"), "{\"rig\":\"gastown\"}");
        Path noms = Files.createDirectories(town.resolve(".dolt-data/gastown/.dolt/noms"));
        soon().until(() -> w.watchedDirs().contains(config));
        soon().until(() -> w.watchedDirs().contains(noms));
        int before = changes.get();
        Files.writeString(noms.resolve("v".repeat(32)), "commit\n");
        soon().until(() -> changes.get() > before);
      }
    }
  }

  private static org.awaitility.core.ConditionFactory soon() {
    return await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(5));
  }

  @Test
  void theStandInsOwnFilesAreNeverWatched() throws Exception {
    Path town = Files.createDirectories(dir.resolve("town").resolve("mayor")).getParent();
    AtomicInteger changes = new AtomicInteger();
    try (TownFileWatcher w = TownFileWatcher.start(town, changes::incrementAndGet)) {
      w.rigsObserved(List.of("gastown"));
      Files.createDirectories(town.resolve(".standin"));
      Files.writeString(town.resolve(".standin/state.json"), "{}");
      Files.writeString(town.resolve(".standin/calls.jsonl"), "{}\n");
      Files.writeString(town.resolve("mayor/town.json"), "{}");
      await().pollDelay(Duration.ofMillis(300)).until(() -> true);
      assertEquals(0, changes.get());
      assertFalse(w.watchedDirs().stream().anyMatch(p -> p.toString().contains(".standin")));
      Files.writeString(town.resolve("mayor/rigs.json"), "{}");
      await().atMost(Duration.ofSeconds(3)).until(() -> changes.get() >= 1);
    }
  }
}
