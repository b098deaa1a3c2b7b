package io.gastown.agent.town.watch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.town.CommandListener;
import io.gastown.agent.town.Executables;
import io.gastown.agent.town.ObservationLoop;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.ProcessGtCli;
import io.gastown.agent.town.ProcessRunner;
import io.gastown.agent.town.TownObserver;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.testkit.StandInTown;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes made in a town are observed within a fraction of a second, through the change
 * notifications alone: the periodic observation runs every 30 s here, so a change seen within 3 s
 * was seen because the file watch or the tmux hook said so. Against the stand-in gt and real tmux.
 *
 * <p>What the stand-in cannot prove: that real gt and bd write exactly these files in every case.
 * The stand-in writes the files real gt writes for these changes — the wisp file of {@code gt rig
 * park}, a polecat's directory, heartbeats, {@code mayor/rigs.json}, and an append to the rig's
 * Dolt chunk journal under {@code .dolt-data/} for every bead write — but a real bead write is
 * appended by the Dolt SQL server (in its own process, possibly only at commit), and a real gt
 * rewrites heartbeats in place on every command a polecat runs. Whether a real Dolt server writes
 * its journal on read-only queries (which would make the agent's own observation look like a
 * change; the pacer bounds what that would cost) is not something the stand-in can show. The tmux
 * hook is tested against real tmux, on the town's own socket.
 */
class TownChangeWatcherIT {
  static final long PERIOD_MILLIS = 30_000;
  static final Duration WELL_WITHIN = Duration.ofSeconds(3);

  @TempDir Path dir;
  private StandInTown town;
  private ProcessRunner runner;
  private ObservationLoop loop;
  private TownChangeWatcher watcher;
  private final AtomicReference<TownSnapshot> latest = new AtomicReference<>();

  @BeforeEach
  void start() {
    town = StandInTown.create(dir.resolve("town"));
    town.addRig("gastown", "file:///srv/gastown.git");
    runner = new ProcessRunner(town.root(), System.getenv(), Duration.ofSeconds(30), 1 << 20);
    TownObserver observer =
        new TownObserver(
            new ProcessGtCli(runner, town.gtPath().toString(), CommandListener.NONE),
            Clock.systemUTC());
    TownChangeWatcher[] w = new TownChangeWatcher[1];
    loop =
        new ObservationLoop(
            observer,
            Clock.systemUTC(),
            PERIOD_MILLIS,
            s -> {
              s.ifPresent(latest::set);
              if (w[0] != null) {
                w[0].observed(s);
              }
            });
    String tmux =
        Executables.resolve("tmux", System.getenv().getOrDefault("PATH", ""))
            .map(Path::toString)
            .orElse("tmux");
    watcher = TownChangeWatcher.start(town.root(), tmux, runner.environment(), loop::townChanged);
    w[0] = watcher;
    loop.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> latest.get() != null);
  }

  @AfterEach
  void stop() {
    watcher.close();
    loop.close();
    runner.close();
    town.close();
  }

  @Test
  void aParkIsObservedWellWithinThePeriod() {
    awaitQuiet();
    long before = loop.changeCycles();
    long t0 = System.nanoTime();
    town.gt("rig", "park", "gastown");
    awaitSnapshot(s -> s.rig("gastown").map(r -> r.status().equals("parked")).orElse(false));
    assertTrue(loop.changeCycles() > before, "a change cycle saw it");
    assertTrue(elapsedMillis(t0) < WELL_WITHIN.toMillis());
  }

  @Test
  void aKilledPolecatSessionIsObservedThoughNoFileChanges() {
    String name = town.populate("gastown", 1).get(0);
    awaitSnapshot(s -> s.polecat("gastown", name).map(PolecatInfo::sessionRunning).orElse(false));
    await().atMost(Duration.ofSeconds(5)).until(watcher::sessionsArmed);
    awaitQuiet();
    long before = loop.changeCycles();
    // a crash: the session ends; nothing in the town is written (the heartbeat file stays)
    town.killSession("gt-" + name);
    awaitSnapshot(
        s -> s.polecat("gastown", name).map(p -> p.state().equals("stalled")).orElse(false));
    assertTrue(loop.changeCycles() > before);
  }

  @Test
  void aRestartedTmuxServerIsWatchedAgain() {
    String first = town.populate("gastown", 1).get(0);
    awaitSnapshot(s -> s.polecat("gastown", first).isPresent());
    await().atMost(Duration.ofSeconds(5)).until(watcher::sessionsArmed);
    town.close(); // the town's tmux server goes, and with it the agent's hooks
    await().atMost(Duration.ofSeconds(5)).until(() -> !watcher.sessionsArmed());
    String second = town.populate("gastown", 1).get(0); // a new server, without hooks
    awaitSnapshot(s -> s.polecat("gastown", second).map(PolecatInfo::sessionRunning).orElse(false));
    await().atMost(Duration.ofSeconds(8)).until(watcher::sessionsArmed);
    awaitQuiet();
    long before = loop.changeCycles();
    town.killSession("gt-" + second);
    awaitSnapshot(
        s -> s.polecat("gastown", second).map(p -> p.state().equals("stalled")).orElse(false));
    assertTrue(loop.changeCycles() > before, "the hooks were set on the new server");
  }

  @Test
  void aClosedBeadIsObserved() {
    String name = town.populate("gastown", 1).get(0);
    awaitSnapshot(
        s -> s.polecat("gastown", name).map(p -> p.state().equals("working")).orElse(false));
    String bead = latest.get().polecat("gastown", name).orElseThrow().issue();
    awaitQuiet();
    long before = loop.changeCycles();
    town.closeBead(bead); // bd writes the rig's beads database: nothing else changes
    awaitSnapshot(s -> s.polecat("gastown", name).map(p -> p.state().equals("done")).orElse(false));
    assertTrue(loop.changeCycles() > before);
  }

  @Test
  void aRigAddedLaterIsWatchedToo() {
    town.addRig("second", "file:///srv/second.git");
    awaitSnapshot(s -> s.rig("second").isPresent());
    await().atMost(WELL_WITHIN).until(() -> polecatsDirWatched("second"));
    awaitQuiet();
    String name = town.populate("second", 1).get(0);
    awaitSnapshot(s -> s.polecat("second", name).isPresent());
  }

  @Test
  void aHeartbeatRefreshIsNotAChangeButANewStateIs() throws IOException {
    String name = town.populate("gastown", 1).get(0);
    awaitSnapshot(s -> s.polecat("gastown", name).isPresent());
    awaitQuiet();
    long before = loop.changeCycles();
    Path hb = town.root().resolve(".runtime/heartbeats/gt-" + name + ".json");
    for (int i = 0; i < 50; i++) {
      // as gt writes it on every command a polecat runs: in place, only the timestamp moves
      Files.writeString(
          hb, "{\"timestamp\":\"2026-01-01T00:00:" + (10 + i % 50) + "Z\",\"state\":\"working\"}");
    }
    await().pollDelay(Duration.ofMillis(700)).until(() -> true);
    assertEquals(before, loop.changeCycles(), "50 refreshes, no observation");
    Files.writeString(hb, "{\"timestamp\":\"2026-01-01T00:01:00Z\",\"state\":\"stuck\"}");
    await().atMost(WELL_WITHIN).until(() -> loop.changeCycles() > before);
  }

  @Test
  void aStormOfTwoHundredWritesCostsABoundedNumberOfCycles() throws Exception {
    awaitQuiet();
    long before = loop.changeCycles();
    long cyclesBefore = loop.cycles();
    // 200 bead writes as the Dolt server records them, over about a second
    Path journal = town.root().resolve(".dolt-data/gastown/.dolt/noms/" + "v".repeat(32));
    long t0 = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      Files.writeString(
          journal,
          "commit " + i + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Thread.sleep(5);
    }
    town.gt("rig", "park", "gastown"); // the storm's last change must still be observed
    long stormMillis = elapsedMillis(t0);
    awaitSnapshot(s -> s.rig("gastown").map(r -> r.status().equals("parked")).orElse(false));
    awaitQuiet();
    long changeCycles = loop.changeCycles() - before;
    // at most one per 250 ms gap, plus the first one and the one after the last write
    assertTrue(
        changeCycles <= stormMillis / 250 + 2,
        changeCycles + " cycles for 201 writes in " + stormMillis + " ms");
    assertEquals(changeCycles, loop.cycles() - cyclesBefore, "no periodic cycle meanwhile");
  }

  private boolean polecatsDirWatched(String rig) {
    return watcher.watchedDirs().contains(town.root().resolve(rig).resolve("polecats"));
  }

  /** Waits until {@code ok} holds for the latest snapshot, well within the period. */
  private void awaitSnapshot(Predicate<TownSnapshot> ok) {
    await()
        .atMost(WELL_WITHIN)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> Optional.ofNullable(latest.get()).map(ok::test).orElse(false));
  }

  /** Waits until no cycle has run for 600 ms (the set-up's own changes are observed). */
  private void awaitQuiet() {
    long[] seen = {loop.cycles(), System.nanoTime()};
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              long now = loop.cycles();
              if (now != seen[0]) {
                seen[0] = now;
                seen[1] = System.nanoTime();
                return false;
              }
              return System.nanoTime() - seen[1] > 600_000_000L;
            });
  }

  private static long elapsedMillis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
