package io.gastown.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.Condition;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;
import io.gastown.relay.session.TokenFile;
import io.gastown.relay.support.FakeAgent;
import io.gastown.relay.support.MockCluster;
import io.gastown.testkit.TestCertificates;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two relay replicas over one cluster: each host's Lease (in the relays' namespace) holds its
 * session epoch, the newest session wins wherever it is, and a host moving between replicas never
 * shows as disconnected.
 */
class RelayFencingIT {
  private static final String NAMESPACE = "gastown-system";
  private static final Duration GRACE = Duration.ofMillis(800);

  @TempDir Path dir;
  private MockCluster cluster;
  private TestCertificates certs;
  private Relay relayA;
  private Relay relayB;
  private final List<FakeAgent> agents = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    certs = TestCertificates.create(dir.resolve("certs"));
    Path tokens =
        Files.write(
            dir.resolve("tokens"),
            List.of(
                TokenFile.line("laptop", token("laptop")), TokenFile.line("desk", token("desk"))));
    cluster = new MockCluster();
    relayA = Relay.start(config(tokens, "relay-a"), cluster.client());
    relayB = Relay.start(config(tokens, "relay-b"), cluster.client());
  }

  private RelayConfig config(Path tokens, String id) {
    return RelayConfig.builder()
        .bindAddress("127.0.0.1")
        .grpcPort(0)
        .healthPort(0)
        .tlsCertFile(certs.relayCert())
        .tlsKeyFile(certs.relayKey())
        .tokensFile(tokens)
        .clusterName("ha")
        .relayId(id)
        .heartbeatInterval(Duration.ofMillis(300))
        .heartbeatTimeout(Duration.ofMillis(3000))
        .hostGrace(GRACE)
        .leaseNamespace(NAMESPACE)
        .build();
  }

  @AfterEach
  void stop() {
    agents.forEach(FakeAgent::close);
    for (Relay r : new Relay[] {relayA, relayB}) {
      if (r != null) {
        r.close();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String token(String host) {
    return "fencing-token-of-" + host;
  }

  private FakeAgent connect(Relay relay, String host) {
    FakeAgent a = FakeAgent.connect(relay.grpcPort(), certs.caCert(), token(host));
    agents.add(a);
    return a.helloAndResync(host, List.of());
  }

  private Lease lease(String host) {
    return cluster.client().leases().inNamespace(NAMESPACE).withName("gastown-host-" + host).get();
  }

  @Test
  void theNewestSessionOfAHostWinsAcrossReplicasAndTheOlderStreamIsClosed() {
    FakeAgent first = connect(relayA, "laptop");
    long epochA = first.await(RelayMessage::hasWelcome).getWelcome().getSessionEpoch();
    await().atMost(Duration.ofSeconds(5)).until(() -> lease("laptop") != null);
    assertEquals("relay-a", lease("laptop").getSpec().getHolderIdentity());
    assertEquals(
        Long.toString(epochA),
        lease("laptop").getMetadata().getAnnotations().get("gastown.gastown.io/session-epoch"));

    FakeAgent second = connect(relayB, "laptop");
    long epochB = second.await(RelayMessage::hasWelcome).getWelcome().getSessionEpoch();

    RelayMessage bye = first.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_SUPERSEDED, bye.getGoodbye().getReason());
    assertTrue(bye.getGoodbye().getMessage().contains("relay-b"), bye.getGoodbye().getMessage());
    assertEquals(Status.Code.ABORTED, first.awaitClosed().getCode());
    assertTrue(epochB > epochA);
    assertFalse(second.isClosed());
    assertEquals("relay-b", lease("laptop").getSpec().getHolderIdentity());
    assertEquals(1, lease("laptop").getSpec().getLeaseTransitions());
    assertEquals(1.0, relayA.metrics().sessionsSuperseded());
    assertEquals(0, relayA.metrics().connectedHosts());
    assertEquals(1, relayB.metrics().connectedHosts());
  }

  @Test
  void aSessionOutranksAnEpochRecordedByAnotherReplicaWhoseClockRunsAhead() {
    long far = System.currentTimeMillis() + 86_400_000L;
    cluster
        .client()
        .leases()
        .inNamespace(NAMESPACE)
        .resource(
            new LeaseBuilder()
                .withMetadata(
                    new ObjectMetaBuilder()
                        .withName("gastown-host-desk")
                        .withLabels(Map.of("app.kubernetes.io/managed-by", "gastown-relay"))
                        .withAnnotations(
                            Map.of("gastown.gastown.io/session-epoch", Long.toString(far)))
                        .build())
                .withNewSpec()
                .withLeaseDurationSeconds(3)
                .endSpec()
                .build())
        .create();

    FakeAgent agent = connect(relayA, "desk");

    assertEquals(far + 1, agent.await(RelayMessage::hasWelcome).getWelcome().getSessionEpoch());
    assertEquals("relay-a", lease("desk").getSpec().getHolderIdentity());
  }

  @Test
  void theHoldingReplicaRenewsTheLeaseAndReleasesItWhenTheSessionEnds() {
    FakeAgent agent = connect(relayA, "laptop");
    await().atMost(Duration.ofSeconds(5)).until(() -> lease("laptop") != null);
    var firstRenewal = lease("laptop").getSpec().getRenewTime();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> lease("laptop").getSpec().getRenewTime().isAfter(firstRenewal));
    assertEquals(3, lease("laptop").getSpec().getLeaseDurationSeconds());

    agent.close();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> lease("laptop").getSpec().getHolderIdentity() == null);
  }

  @Test
  void aHostMovingToAnotherReplicaStaysConnectedAndGoesUnknownOnlyWhenGoneEverywhere() {
    Rig rig = createRig("moving-rig", "laptop");
    FakeAgent first = connect(relayA, "laptop");
    first.report(readyReport(rig));
    await().atMost(Duration.ofSeconds(5)).until(() -> hostConnected("moving-rig").equals("True"));

    FakeAgent second = connect(relayB, "laptop");
    first.awaitClosed();
    // well past the grace: relay-a no longer holds the session, but the Lease says relay-b does
    long until = System.nanoTime() + GRACE.multipliedBy(3).toNanos();
    while (System.nanoTime() < until) {
      assertEquals("True", hostConnected("moving-rig"), "no flap while the host is connected");
      await().pollDelay(Duration.ofMillis(100)).until(() -> true);
    }

    second.close();

    await()
        .atMost(GRACE.plusSeconds(5))
        .untilAsserted(
            () -> {
              Condition c = condition("moving-rig", "HostConnected");
              assertEquals(Condition.UNKNOWN, c.status());
              assertEquals("HostDisconnected", c.reason());
              assertEquals(Condition.UNKNOWN, condition("moving-rig", "Ready").status());
            });
  }

  private Rig createRig(String name, String host) {
    Rig rig = new Rig();
    rig.setMetadata(new ObjectMetaBuilder().withName(name).build());
    rig.setSpec(
        new RigSpec("https://example.com/" + name + ".git", "mv", null, host, null, null, null));
    return cluster.client().resources(Rig.class).resource(rig).create();
  }

  private static StatusReport.Builder readyReport(Rig rig) {
    return StatusReport.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_RIG)
                .setName(rig.getMetadata().getName())
                .setUid(rig.getMetadata().getUid()))
        .setObservedGeneration(rig.getMetadata().getGeneration())
        .addConditions(
            io.gastown.proto.v1.Condition.newBuilder()
                .setType("Ready")
                .setStatus(ConditionStatus.CONDITION_STATUS_TRUE)
                .setReason("RigAdded")
                .setMessage("the rig is in the town"))
        .setRig(RigStatus.newBuilder().setPhase("Ready").setRigName("moving_rig"));
  }

  private String hostConnected(String rig) {
    Condition c = condition(rig, "HostConnected");
    return c == null ? "" : c.status();
  }

  private Condition condition(String rig, String type) {
    Rig live = cluster.client().resources(Rig.class).withName(rig).get();
    if (live == null || live.getStatus() == null || live.getStatus().conditions() == null) {
      return null;
    }
    return live.getStatus().conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElse(null);
  }
}
