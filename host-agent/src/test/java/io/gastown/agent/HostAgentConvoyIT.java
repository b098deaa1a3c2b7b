package io.gastown.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.AgentConfig;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.testing.TestRelay;
import io.gastown.proto.v1.ConvoySpec;
import io.gastown.proto.v1.ConvoyStatus;
import io.gastown.proto.v1.DeletionPolicy;
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

/** The whole agent creating, growing and closing a convoy in the stand-in town. */
class HostAgentConvoyIT {
  static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir static Path certDir;
  static TestCertificates certs;
  @TempDir Path dir;
  StandInTown town;
  TestRelay relay;
  HostAgent agent;
  List<String> beads;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(certDir);
  }

  @BeforeEach
  void setUp() throws Exception {
    town = StandInTown.create(dir.resolve("town"));
    town.addRig("my_rig", "file:///srv/repo.git");
    beads =
        List.of(
            town.createBead("my_rig", "one"),
            town.createBead("my_rig", "two"),
            town.createBead("my_rig", "three"));
    relay = TestRelay.startTls(certs);
    relay.onHello = h -> TestRelay.welcomeAndResync(List.of(upsert(convoy(beads).build())));
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

  AgentConfig config() throws Exception {
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
            RelayConfig.of("prod", relay.address()).withCaFile(certs.caCert()).withTokenFile(token))
        .build();
  }

  static Resource.Builder convoy(List<String> tracked) {
    return Resource.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_CONVOY)
                .setNamespace("team-a")
                .setUid("cv-1")
                .setName("login"))
        .setGeneration(1)
        .setConvoy(
            ConvoySpec.newBuilder()
                .setDescription("Login hardening")
                .addAllTrackedBeads(tracked)
                .setMerge("mr")
                .setDeletionPolicy(DeletionPolicy.DELETION_POLICY_CLOSE));
  }

  static RelayMessage upsert(Resource r) {
    return RelayMessage.newBuilder().setUpsert(DesiredUpsert.newBuilder().setResource(r)).build();
  }

  Optional<StatusReport> last() {
    List<StatusReport> all = relay.statuses();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).getRef().getUid().equals("cv-1")) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  ConvoyStatus status() {
    return last().map(StatusReport::getConvoy).orElse(ConvoyStatus.getDefaultInstance());
  }

  long creates() {
    return town.calls().stream()
        .filter(c -> c.size() > 1 && c.get(0).equals("convoy") && c.get(1).equals("create"))
        .count();
  }

  @Test
  void aConvoyIsCreatedOnceAndItsProgressFollowsTheBeads() throws Exception {
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(() -> status().getProgress(), "0/3"::equals);
    ConvoyStatus s = status();
    assertTrue(s.getConvoyId().startsWith("hq-cv-"), s.getConvoyId());
    assertEquals("Open", s.getPhase());
    assertEquals(3, s.getTrackedCount());
    assertTrue(s.getStartedAt().endsWith("Z"), s.getStartedAt());
    List<String> create =
        town.calls().stream()
            .filter(c -> c.size() > 1 && c.get(1).equals("create"))
            .findFirst()
            .orElseThrow();
    assertEquals("Login hardening", create.get(2), "the description is one argv element");
    assertTrue(create.contains("--merge=mr"));

    beads.forEach(town::closeBead);
    await().atMost(WAIT).until(() -> status().getPhase(), "Complete"::equals);
    assertEquals("3/3", status().getProgress());
    assertTrue(!status().getCompletedAt().isEmpty());

    agent.close();
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(() -> agent.isResynced("prod"));
    Thread.sleep(1000); // five observation cycles in which a second create would show
    assertEquals(1, creates(), "a restarted agent finds its convoy in the journal");
  }

  @Test
  void aConvoyInTheTownWithTheTitleAndBeadsIsAdoptedNotCreatedAgain() throws Exception {
    // as after a create whose answer was lost (the agent died before it read the id)
    List<String> argv = new java.util.ArrayList<>(List.of("convoy", "create", "Login hardening"));
    argv.addAll(beads);
    String made = town.gt(argv.toArray(String[]::new)).stdout();
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(() -> status().getConvoyId(), id -> id.startsWith("hq-cv-"));
    assertTrue(made.contains(status().getConvoyId()), made);
    assertEquals(1, creates(), "only the test's own create");
    assertEquals("Open", status().getPhase());
  }

  @Test
  void newBeadsAreAddedAndClosingWaitsForForceWhileBeadsAreOpen() throws Exception {
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(() -> status().getTotal() == 3);
    String fourth = town.createBead("my_rig", "four");
    List<String> grown = new java.util.ArrayList<>(beads);
    grown.add(fourth);
    relay.send(upsert(convoy(grown).setGeneration(2).build()));
    await().atMost(WAIT).until(() -> status().getProgress(), "0/4"::equals);

    relay.send(upsert(convoy(grown).setGeneration(2).setDeletionRequested(true).build()));
    await()
        .atMost(WAIT)
        .until(
            () ->
                last().orElseThrow().getConditionsList().stream()
                    .anyMatch(c -> c.getReason().equals("CloseRefused")));
    assertTrue(!last().orElseThrow().getFinalized(), "the finalizer stays while gt refuses");
    relay.send(
        upsert(
            convoy(grown)
                .setGeneration(2)
                .setDeletionRequested(true)
                .putAnnotations("gastown.gastown.io/force-delete", "true")
                .build()));
    await().atMost(WAIT).until(() -> last().map(StatusReport::getFinalized).orElse(false));
    assertTrue(
        town.gt("convoy", "list", "--json", "--all").stdout().contains("\"closed\""),
        "closed in the town");
  }
}
