package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gastown.agent.HostAgent;
import io.gastown.testkit.StandInTown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gt failing in every way the stand-in can (exit 1, hanging past the command timeout, garbage or
 * truncated JSON): each gives a condition that says so and a backoff — never a crash, a hot loop or
 * a second sling of a bead.
 */
class GtFaultsIT {
  private static final String HOST = "laptop";
  private static final Duration CONVERGE = Duration.ofSeconds(20);
  private static final long COMMAND_TIMEOUT_MS = 1500;
  private static final Duration WINDOW = Duration.ofSeconds(3);

  @TempDir Path dir;
  private ClusterSide cluster;
  private StandInTown town;
  private AgentSide agentSide;
  private HostAgent agent;

  @BeforeEach
  void start() throws Exception {
    cluster =
        ClusterSide.create(dir.resolve("c"), "gt-faults", List.of(HOST), Map.of()).startRelay();
    town = StandInTown.create(dir.resolve("town"));
    Path agentDir = dir.resolve("agent");
    agentSide =
        AgentSide.configure(
            agentDir,
            HOST,
            town,
            List.of(AgentSide.Link.to(cluster, HOST, agentDir)),
            List.of("commandTimeoutMillis: " + COMMAND_TIMEOUT_MS));
    agent = agentSide.startInProcess();
    await().atMost(CONVERGE).until(() -> agent.isResynced("gt-faults"));
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {agentSide, cluster, town}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  @Test
  void anUnreadableTownIsReportedOnTheCrsAndAskedAboutWithBackoffUntilItRecovers() {
    cluster.createRig("watched-rig", "wr");
    await().atMost(CONVERGE).until(() -> ready("watched-rig"));

    for (Map.Entry<String, String> fault :
        Map.of(
                "exit1", "injected failure",
                "garbage", "not JSON",
                "truncate", "not JSON",
                "hang", "timed out after")
            .entrySet()) {
      town.addFault("rig list", fault.getKey(), 0, 60_000);

      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                CrView rig = cluster.rig("watched-rig");
                assertThat(rig.conditionStatus("Ready"))
                    .as("%s: %s", fault, rig)
                    .isEqualTo("Unknown");
                assertThat(rig.conditionReason("Ready")).isEqualTo("TownUnobservable");
                assertThat(rig.conditionMessage("Ready"))
                    .contains("gt rig list")
                    .contains(fault.getValue());
                assertThat(rig.field("path")).as("the last known state stays").isNotNull();
              });
      long asked =
          countDuring(
              WINDOW, a -> a.size() > 1 && a.get(0).equals("rig") && a.get(1).equals("list"));
      System.out.printf(
          "gt fault %s: gt rig list asked %d times in %d ms%n",
          fault.getKey(), asked, WINDOW.toMillis());
      // the observation interval is 500 ms: without backoff that would be 6 (or a hot loop)
      assertThat(asked).as("%s: gt rig list calls in %s", fault.getKey(), WINDOW).isBetween(1L, 4L);

      town.clearFaults();
      await().atMost(CONVERGE).until(() -> ready("watched-rig"));
    }
    assertThat(agent.isConnected("gt-faults")).as("the agent never fell over").isTrue();
  }

  @Test
  void aFailingActionSaysWhyInAConditionAndIsRetriedWithBackoff() {
    town.addFault("rig add", "exit1", 0);
    cluster.createRig("stubborn-rig", "sb");

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView rig = cluster.rig("stubborn-rig");
              assertThat(rig.conditionStatus("Ready")).as("%s", rig).isEqualTo("False");
              assertThat(rig.conditionMessage("Ready"))
                  .contains("gt rig add failed")
                  .contains("injected failure");
            });
    long tries = countDuring(Duration.ofSeconds(6), GtFaultsIT::isRigAdd);
    System.out.printf("gt rig add failing: %d attempts in 6 s%n", tries);
    assertThat(tries).as("rig add attempts in 6 s (backoff from 2 s)").isBetween(1L, 4L);

    town.clearFaults();
    await().atMost(Duration.ofSeconds(60)).until(() -> ready("stubborn-rig"));
  }

  @Test
  void aSlingWhoseOutputIsCutIsNotRepeatedAndOneThatHungIsRetriedOnce() {
    town.setConfig("max_working_polecats", 50);
    cluster.createRig("work-rig", "wr");
    await().atMost(CONVERGE).until(() -> ready("work-rig"));
    String cut = town.createBead("work_rig", "cut output");
    // the stand-in's truncate runs the sling, then prints half its output
    town.addFault("sling " + cut, "truncate", 1);
    cluster.createPolecat("cut-pc", "work-rig", cut);
    await()
        .atMost(CONVERGE)
        .until(() -> "Working".equals(cluster.polecat("cut-pc").field("phase")));

    String hung = town.createBead("work_rig", "hung sling");
    // hang: sleeps past the command timeout and is killed before it did anything
    town.addFault("sling " + hung, "hang", 1, 10_000);
    cluster.createPolecat("hung-pc", "work-rig", hung);
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> "Working".equals(cluster.polecat("hung-pc").field("phase")));

    assertThat(slings(cut)).as("a sling that happened is never repeated").isEqualTo(1);
    assertThat(town.slingCount(cut)).isEqualTo(1);
    assertThat(slings(hung)).as("the killed sling did nothing, so one retry").isEqualTo(2);
    assertThat(town.slingCount(hung)).as("hooked once").isEqualTo(1);
    assertThat(new ConsistencyChecker(cluster.kube.client(), town, HOST).differences()).isEmpty();
  }

  private long slings(String bead) {
    return town.calls().stream()
        .filter(a -> !a.isEmpty() && a.get(0).equals("sling") && a.contains(bead))
        .count();
  }

  private static boolean isRigAdd(List<String> argv) {
    return argv.size() > 1 && argv.get(0).equals("rig") && argv.get(1).equals("add");
  }

  /** gt invocations matching {@code p} made during the next {@code window}. */
  private long countDuring(Duration window, Predicate<List<String>> p) {
    long before = town.calls().stream().filter(p).count();
    await().pollDelay(window).atMost(window.plusSeconds(1)).until(() -> true);
    return town.calls().stream().filter(p).count() - before;
  }

  private boolean ready(String rig) {
    return "True".equals(cluster.rig(rig).conditionStatus("Ready"));
  }
}
