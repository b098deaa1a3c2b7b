package io.gastown.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.AgentConfig;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.testing.TestRelay;
import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.AutomatonSpec;
import io.gastown.proto.v1.AutomatonStatus;
import io.gastown.proto.v1.ClaimDecision;
import io.gastown.proto.v1.ClaimOffer;
import io.gastown.proto.v1.DesiredUpsert;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.StatusReport;
import io.gastown.testkit.StandInTown;
import io.gastown.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole agent answering claim offers and working a claimed Automaton in the stand-in town. */
class HostAgentAutomatonIT {
  static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir static Path certDir;
  static TestCertificates certs;
  @TempDir Path dir;
  StandInTown town;
  TestRelay relay;
  HostAgent agent;
  volatile List<RelayMessage> resync = List.of();

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(certDir);
  }

  @BeforeEach
  void setUp() throws Exception {
    town = StandInTown.create(dir.resolve("town"));
    town.addRig("work_rig", "file:///srv/work.git"); // in the town only: no Rig resource
    relay = TestRelay.startTls(certs);
    relay.onHello = h -> TestRelay.welcomeAndResync(resync);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (town != null) {
      town.close();
    }
  }

  AgentConfig config(int maxAutomatons) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "tok");
    return AgentConfig.builder("laptop-1", town.root())
        .gt(town.gtPath().toString())
        .bd(town.bdPath().toString())
        .stateDir(dir.resolve("state"))
        .observeIntervalMillis(200)
        .commandTimeoutMillis(20_000)
        .health("127.0.0.1", 0)
        .relay(
            RelayConfig.of("prod", relay.address())
                .withCaFile(certs.caCert())
                .withTokenFile(token)
                .withMaxAutomatons(maxAutomatons))
        .build();
  }

  static Resource automaton(String uid, String claimedBy) {
    return Resource.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_AUTOMATON)
                .setNamespace("team-a")
                .setName("auto-" + uid)
                .setUid(uid))
        .setGeneration(1)
        .setAutomaton(
            AutomatonSpec.newBuilder()
                .setRig("work-rig")
                .setTaskTitle("Fix the flaky test")
                .setTaskDescription("LoginIT fails one run in ten")
                .setClaimedBy(claimedBy))
        .build();
  }

  static RelayMessage offer(Resource r) {
    return RelayMessage.newBuilder().setClaimOffer(ClaimOffer.newBuilder().setResource(r)).build();
  }

  static RelayMessage upsert(Resource r) {
    return RelayMessage.newBuilder().setUpsert(DesiredUpsert.newBuilder().setResource(r)).build();
  }

  Optional<ClaimDecision> decision(String uid) {
    return relay.received.stream()
        .filter(AgentMessage::hasClaimDecision)
        .map(AgentMessage::getClaimDecision)
        .filter(d -> d.getUid().equals(uid))
        .reduce((a, b) -> b);
  }

  AutomatonStatus status(String uid) {
    List<StatusReport> all = relay.statuses();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).getRef().getUid().equals(uid)) {
        return all.get(i).getAutomaton();
      }
    }
    return AutomatonStatus.getDefaultInstance();
  }

  long bdCreates() {
    return town.callLog().stream()
        .filter(c -> c.prog().equals("bd") && c.argv().get(0).equals("create"))
        .count();
  }

  @Test
  void offersAreAcceptedWithinCapacityAndDeclinedBeyondIt() throws Exception {
    agent = HostAgent.start(config(1));
    await().atMost(WAIT).until(() -> agent.isResynced("prod"));
    assertTrue(relay.hellos.get(0).getCapabilitiesList().contains("automaton-claims"));
    assertEquals(1, relay.hellos.get(0).getCapacity().getMaxAutomatons());

    relay.send(offer(automaton("a1", "")));
    await().atMost(WAIT).until(() -> decision("a1").isPresent());
    assertTrue(decision("a1").get().getAccept());
    relay.send(offer(automaton("a2", "")));
    await().atMost(WAIT).until(() -> decision("a2").isPresent());
    assertFalse(decision("a2").get().getAccept(), "a1's reservation holds the only slot");
    assertTrue(decision("a2").get().getReason().contains("maxAutomatons"));

    Resource elsewhere =
        automaton("a3", "").toBuilder()
            .setAutomaton(automaton("a3", "").getAutomaton().toBuilder().setRig("no-such-rig"))
            .build();
    relay.send(offer(elsewhere));
    await().atMost(WAIT).until(() -> decision("a3").isPresent());
    assertFalse(decision("a3").get().getAccept());
  }

  @Test
  void aClaimedTaskGetsOneBeadAndOneSlingAcrossARestart() throws Exception {
    resync = List.of(upsert(automaton("a1", "laptop-1")));
    agent = HostAgent.start(config(2));
    await().atMost(WAIT).until(() -> status("a1").getPhase(), "Working"::equals);
    String bead = status("a1").getBeadId();
    assertTrue(bead.startsWith("wr-"), "created in the rig's beads: " + bead);
    assertEquals("Fix the flaky test", town.bead(bead).get("title").asText());
    assertEquals(1, town.slingCount(bead));
    assertTrue(status("a1").getPolecat().startsWith("work_rig/"));
    StatusReport last =
        relay.statuses().stream()
            .filter(s -> s.getRef().getUid().equals("a1"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertEquals(1, last.getConditionsCount());
    assertEquals("GastownLocalExecution", last.getConditions(0).getType());

    agent.close();
    agent = HostAgent.start(config(2));
    await().atMost(WAIT).until(() -> relay.hellos.size() >= 2 && agent.isResynced("prod"));
    Thread.sleep(1000); // five observation cycles in which a second create or sling would show
    assertEquals(1, bdCreates(), "the journal (and the bead's label) keep it to one bead");
    assertEquals(1, town.slingCount(bead));

    town.closeBead(bead);
    await().atMost(WAIT).until(() -> status("a1").getPhase(), "Done"::equals);
  }
}
