package io.gastown.agent.town;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gastown.testkit.StandInTown;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The number of gt processes an observation cycle costs does not grow with the number of polecats:
 * counted in the stand-in's own call log, with real processes.
 */
class ObservationCostIT {
  @TempDir Path dir;

  /** gt processes of one steady-state cycle in a town with {@code polecats} polecats. */
  long gtCallsPerCycle(String name, int polecats) {
    try (StandInTown town = StandInTown.create(dir.resolve(name))) {
      town.addRig("gastown", "file:///srv/gastown.git");
      List<String> made = town.populate("gastown", polecats);
      assertEquals(polecats, made.size());
      ProcessRunner runner =
          new ProcessRunner(town.root(), System.getenv(), Duration.ofSeconds(30), 1 << 20);
      try {
        TownObserver observer =
            new TownObserver(
                new ProcessGtCli(runner, town.gtPath().toString(), CommandListener.NONE),
                Clock.systemUTC());
        int cold = town.calls().size();
        TownSnapshot first = observer.observe();
        assertEquals(polecats, first.polecats().size());
        assertEquals(4, town.calls().size() - cold, "a cold cycle asks no polecat details");
        // details are fetched after a cycle, once per polecat and a bounded number at a time
        while (observer.fetchPendingDetails() > 0) {
          observer.observe();
        }
        int before = town.calls().size();
        TownSnapshot steady = observer.observe();
        assertEquals(polecats, steady.polecats().size());
        assertEquals(polecats, steady.sessions().size());
        return town.calls().size() - before;
      } finally {
        runner.close();
      }
    }
  }

  @Test
  void oneAndTwoHundredPolecatsCostTheSameGtCallsPerCycle() {
    long one = gtCallsPerCycle("one", 1);
    long many = gtCallsPerCycle("many", 200);
    assertEquals(4, one, "rig list, polecat list --all, session list, convoy list --all");
    assertEquals(one, many);
  }
}
