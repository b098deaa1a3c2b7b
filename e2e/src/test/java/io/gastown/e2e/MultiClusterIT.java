package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gastown.agent.HostAgent;
import io.gastown.testkit.StandInTown;
import io.gastown.testkit.net.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host agent serving two clusters, each with its own API server, relay, CA, token, connection,
 * backoff and status queue: a cluster that fails (black-holed, or its relay gone) never stalls the
 * other, and a gt rig bound to one cluster is reported to the other as a conflict, not obeyed.
 */
class MultiClusterIT {
  private static final String HOST = "laptop";
  private static final Duration CONVERGE = Duration.ofSeconds(20);
  // fast liveness, so a black-holed relay is noticed within about a second
  private static final Map<String, String> FAST =
      Map.of(
          "RELAY_HEARTBEAT_INTERVAL_MS", "200",
          "RELAY_HEARTBEAT_TIMEOUT_MS", "1000",
          "RELAY_HOST_GRACE_MS", "1000");

  @TempDir Path dir;
  private ClusterSide east;
  private ClusterSide west;
  private StandInTown town;
  private AgentSide agentSide;
  private HostAgent agent;

  @BeforeEach
  void start() throws Exception {
    east = ClusterSide.create(dir.resolve("east"), "east", List.of(HOST), FAST).startRelay();
    west = ClusterSide.create(dir.resolve("west"), "west", List.of(HOST), FAST).startRelay();
    town = StandInTown.create(dir.resolve("town"));
    Path agentDir = dir.resolve("agent");
    agentSide =
        AgentSide.configure(
            agentDir,
            HOST,
            town,
            List.of(
                AgentSide.Link.to(east, HOST, agentDir), AgentSide.Link.to(west, HOST, agentDir)),
            List.of());
    agent = agentSide.startInProcess();
    await().atMost(CONVERGE).until(() -> agent.isResynced("east") && agent.isResynced("west"));
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {agentSide, east, west, town}) {
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
  void eachClusterGetsItsOwnRigsAndAFailingClusterNeverStallsTheOther() throws Exception {
    east.createRig("east-rig", "er");
    west.createRig("west-rig", "wr");
    await().atMost(CONVERGE).until(() -> ready(east, "east-rig") && ready(west, "west-rig"));

    // west falls silent: its connection stays open but nothing gets through
    west.proxy.setMode(FaultProxy.Mode.BLACKHOLE);
    long t0 = System.nanoTime();
    east.createRig("east-during-blackhole", "eb");
    await().atMost(Duration.ofSeconds(10)).until(() -> ready(east, "east-during-blackhole"));
    long eastMillis = (System.nanoTime() - t0) / 1_000_000;
    await().atMost(Duration.ofSeconds(5)).until(() -> !agent.isConnected("west"));

    // then west's relay goes away entirely; east still works
    west.stopRelay();
    west.proxy.setMode(FaultProxy.Mode.PASS);
    west.proxy.cutAll();
    east.createRig("east-during-outage", "eo");
    await().atMost(Duration.ofSeconds(10)).until(() -> ready(east, "east-during-outage"));
    assertThat(agent.isConnected("east")).isTrue();
    assertThat(agentSide.metrics())
        .as("east's connection never dropped")
        .containsPattern("gastown_agent_reconnects_total\\{relay=\"east\"\\} 0")
        .containsPattern("gastown_agent_relay_connected\\{relay=\"west\"\\} 0");

    // west comes back and catches up with what was created while it was away
    west.createRig("west-while-away", "wa");
    west.startRelay();
    await().atMost(CONVERGE).until(() -> ready(west, "west-while-away"));
    System.out.printf("east converged in %d ms while west was black-holed%n", eastMillis);
    assertThat(new ConsistencyChecker(east.kube.client(), town, HOST).differences()).isEmpty();
    assertThat(new ConsistencyChecker(west.kube.client(), town, HOST).differences()).isEmpty();
  }

  @Test
  void aRigBoundToOneClusterIsReportedToTheOtherAsAConflict() {
    east.createRig("shared-rig", "sr");
    await().atMost(CONVERGE).until(() -> ready(east, "shared-rig"));

    west.createRig("shared-rig", "sr");

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView w = west.rig("shared-rig");
              assertThat(w.conditionStatus("Ready")).as("west: %s", w).isEqualTo("False");
              assertThat(w.conditionReason("Ready")).isEqualTo("RigBoundElsewhere");
              assertThat(w.conditionMessage("Ready")).contains("shared_rig").contains("east");
            });
    assertThat(ready(east, "shared-rig")).as("east keeps its rig").isTrue();
    assertThat(
            town.calls().stream()
                .filter(a -> a.size() > 2 && a.get(0).equals("rig") && a.get(1).equals("add"))
                .filter(a -> a.contains("shared_rig")))
        .as("gt rig add ran once, for east")
        .hasSize(1);

    // once east lets go of it, west may have it
    east.crs(LocalStack.RIGS).withName("shared-rig").delete();
    await().atMost(CONVERGE).until(() -> ready(west, "shared-rig"));
  }

  private static boolean ready(ClusterSide c, String rig) {
    return "True".equals(c.rig(rig).conditionStatus("Ready"));
  }
}
