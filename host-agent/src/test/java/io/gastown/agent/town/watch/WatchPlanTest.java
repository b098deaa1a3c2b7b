package io.gastown.agent.town.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.town.watch.WatchKind.EventType;
import io.gastown.agent.town.watch.WatchPlan.WatchedDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatchPlanTest {
  private static final Path TOWN = Path.of("/home/u/gt");

  private static WatchPlan plan(Set<String> existing, List<String> rigs, List<String> dbs) {
    return WatchPlan.of(
        TOWN, rigs, dbs, p -> p.equals(TOWN) || existing.contains(TOWN.relativize(p).toString()));
  }

  @Test
  void aFullTownWatchesEachOfGtsDirectories() {
    WatchPlan p =
        plan(
            Set.of(
                "mayor",
                ".beads-wisp",
                ".beads-wisp/config",
                ".runtime",
                ".runtime/heartbeats",
                "gastown",
                "gastown/polecats",
                ".dolt-data",
                ".dolt-data/hq",
                ".dolt-data/hq/.dolt",
                ".dolt-data/hq/.dolt/noms"),
            List.of("gastown"),
            List.of("hq"));
    assertEquals(Optional.of(WatchKind.RIG_REGISTRY), kind(p, "mayor"));
    assertEquals(Optional.of(WatchKind.PARK_STATE), kind(p, ".beads-wisp/config"));
    assertEquals(Optional.of(WatchKind.HEARTBEATS), kind(p, ".runtime/heartbeats"));
    assertEquals(Optional.of(WatchKind.POLECATS), kind(p, "gastown/polecats"));
    assertEquals(Optional.of(WatchKind.BEADS_DATABASE), kind(p, ".dolt-data/hq/.dolt/noms"));
    WatchedDir doltData = p.dirs().get(TOWN.resolve(".dolt-data"));
    assertTrue(doltData.awaits("newrig"), "a new database is watched once it appears");
    assertEquals(5, p.targets().size());
  }

  @Test
  void aMissingDirectoryIsAwaitedFromItsNearestAncestor() {
    WatchPlan p = plan(Set.of("mayor", "gastown"), List.of("gastown"), List.of());
    WatchedDir root = p.dirs().get(TOWN);
    assertEquals(Optional.empty(), root.kind());
    assertTrue(root.awaits(".beads-wisp"), "the first park creates it");
    assertTrue(root.awaits(".runtime"));
    assertTrue(root.awaits(".dolt-data"));
    assertFalse(root.awaits(".standin"), "the stand-in's own files are never watched");
    assertFalse(root.awaits("settings"));
    assertTrue(p.dirs().get(TOWN.resolve("gastown")).awaits("polecats"));
  }

  @Test
  void rigAndDatabaseNamesThatCouldLeaveTheTownAreIgnored() {
    WatchPlan p =
        plan(Set.of(".dolt-data"), List.of("../etc", ".standin", "a/b", ""), List.of("..", ".x"));
    assertEquals(Set.of(TOWN, TOWN.resolve(".dolt-data")), p.dirs().keySet());
  }

  @Test
  void noTownNoWatches() {
    assertEquals(
        Set.of(), WatchPlan.of(TOWN, List.of("gastown"), List.of(), d -> false).dirs().keySet());
  }

  @Test
  void onlyTheEntriesGtWritesForAChangeCount() {
    assertTrue(WatchKind.RIG_REGISTRY.matters("rigs.json", EventType.CREATED));
    assertFalse(WatchKind.RIG_REGISTRY.matters("town.json", EventType.MODIFIED));
    assertTrue(WatchKind.PARK_STATE.matters("gastown.json", EventType.CREATED));
    assertFalse(
        WatchKind.PARK_STATE.matters("gastown.json.tmp.12345", EventType.CREATED),
        "gt's temp file before the rename");
    assertTrue(WatchKind.POLECATS.matters("furiosa", EventType.CREATED));
    assertTrue(WatchKind.POLECATS.matters("furiosa", EventType.DELETED));
    assertFalse(WatchKind.POLECATS.matters("furiosa", EventType.MODIFIED));
    assertTrue(
        WatchKind.BEADS_DATABASE.matters("vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv", EventType.MODIFIED));
  }

  private static Optional<WatchKind> kind(WatchPlan p, String sub) {
    WatchedDir d = p.dirs().get(TOWN.resolve(sub));
    return d == null ? Optional.empty() : d.kind();
  }
}
