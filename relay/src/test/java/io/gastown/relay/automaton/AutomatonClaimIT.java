package io.gastown.relay.automaton;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.AutomatonStatus;
import io.gastown.proto.v1.Capacity;
import io.gastown.proto.v1.ClaimDecision;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.Relay;
import io.gastown.relay.RelayConfig;
import io.gastown.relay.session.TokenFile;
import io.gastown.relay.support.FakeAgent;
import io.gastown.relay.support.MockCluster;
import io.gastown.testkit.RepoPaths;
import io.gastown.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local claims of olympus.io Automatons through real relays over TLS, the mock API server, and fake
 * agents: the CRD appearing after start, offers, the race of acceptances (also across two relays on
 * one API), routing to the winner, our one condition, and release after absence.
 */
class AutomatonClaimIT {
  static final String NS = "team-a";
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  TestCertificates certs;
  MockCluster cluster;
  NamespacedKubernetesClient kube;
  Path tokens;
  final List<Relay> relays = new ArrayList<>();
  final List<FakeAgent> agents = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    certs = TestCertificates.create(dir.resolve("certs"));
    tokens =
        Files.write(
            dir.resolve("tokens"),
            List.of(TokenFile.line("alpha", "tok-alpha"), TokenFile.line("bravo", "tok-bravo")));
    cluster = new MockCluster();
    kube = cluster.client();
  }

  @AfterEach
  void stop() {
    agents.forEach(FakeAgent::close);
    relays.forEach(Relay::close);
    cluster.close();
  }

  Relay relay(String id) {
    return relay(id, "");
  }

  /** A relay; {@code leaseNamespace} non-empty gives it per-host Leases (several replicas). */
  Relay relay(String id, String leaseNamespace) {
    Relay r =
        Relay.start(
            RelayConfig.builder()
                .bindAddress("127.0.0.1")
                .grpcPort(0)
                .healthPort(0)
                .tlsCertFile(certs.relayCert())
                .tlsKeyFile(certs.relayKey())
                .tokensFile(tokens)
                .clusterName("test")
                .relayId(id)
                .heartbeatInterval(Duration.ofMillis(300))
                .heartbeatTimeout(Duration.ofMillis(3_000))
                .hostGrace(Duration.ofMillis(300))
                .automatonRelease(Duration.ofMillis(500))
                .leaseNamespace(leaseNamespace)
                .build(),
            kube);
    relays.add(r);
    return r;
  }

  FakeAgent agent(Relay relay, String host, boolean claims) {
    FakeAgent a = FakeAgent.connect(relay.grpcPort(), certs.caCert(), "tok-" + host);
    agents.add(a);
    var hello = FakeAgent.hello(host, 1, 1);
    if (claims) {
      hello.addCapabilities(AutomatonNames.CAPABILITY);
      hello.setCapacity(Capacity.newBuilder().setMaxPolecats(10).setMaxAutomatons(10));
    }
    a.send(AgentMessage.newBuilder().setHello(hello).build());
    a.await(RelayMessage::hasResyncEnd);
    return a;
  }

  void installCrd() throws IOException {
    try (InputStream in =
        Files.newInputStream(
            RepoPaths.resolve("helm/gastown-relay/test-crds/automaton.olympus.io.yaml"))) {
      kube.apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(Serialization.unmarshal(in, CustomResourceDefinition.class))
          .create();
    }
  }

  GenericKubernetesResource automaton(String name, String mode) {
    GenericKubernetesResource a =
        Serialization.unmarshal(
            """
            apiVersion: olympus.io/v1alpha1
            kind: Automaton
            metadata: {name: %s, namespace: %s}
            spec:
              executionMode: %s
              rig: work-rig
              beadID: wr-abc12
              ownerField: {keep: me}
            """
                .formatted(name, NS, mode),
            GenericKubernetesResource.class);
    return automatons().resource(a).create();
  }

  io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      automatons() {
    return kube.genericKubernetesResources(AutomatonNames.CONTEXT).inNamespace(NS);
  }

  String claimOf(String name) {
    GenericKubernetesResource a = automatons().withName(name).get();
    Map<String, String> ann = a.getMetadata().getAnnotations();
    return ann == null ? "" : Objects.requireNonNullElse(ann.get(AutomatonNames.CLAIMED_BY), "");
  }

  static boolean offerOf(RelayMessage m, String uid) {
    return m.hasClaimOffer() && m.getClaimOffer().getResource().getRef().getUid().equals(uid);
  }

  static boolean upsertOf(RelayMessage m, String uid) {
    return m.hasUpsert() && m.getUpsert().getResource().getRef().getUid().equals(uid);
  }

  static void decide(FakeAgent a, String uid, boolean accept) {
    a.send(
        AgentMessage.newBuilder()
            .setClaimDecision(ClaimDecision.newBuilder().setUid(uid).setAccept(accept))
            .build());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> conditions(GenericKubernetesResource a) {
    Object status = a.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> m) || !(m.get("conditions") instanceof List<?> l)) {
      return List.of();
    }
    return (List<Map<String, Object>>) l;
  }

  @Test
  void aCrdInstalledLaterIsNoticedAndLocalAutomatonsAreOfferedOnlyToHostsTakingClaims()
      throws IOException {
    Relay relay = relay("relay-0");
    FakeAgent alpha = agent(relay, "alpha", true);
    FakeAgent bravo = agent(relay, "bravo", false);
    installCrd();
    String local = automaton("local-one", "local").getMetadata().getUid();
    String remote = automaton("cluster-one", "cluster").getMetadata().getUid();

    RelayMessage offer = alpha.await(m -> offerOf(m, local));
    assertEquals(Kind.KIND_AUTOMATON, offer.getClaimOffer().getResource().getRef().getKind());
    assertEquals("wr-abc12", offer.getClaimOffer().getResource().getAutomaton().getBeadId());
    assertEquals("work-rig", offer.getClaimOffer().getResource().getAutomaton().getRig());
    await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> true);
    assertTrue(alpha.find(m -> offerOf(m, remote)).isEmpty(), "cluster mode is not offered");
    assertTrue(bravo.find(RelayMessage::hasClaimOffer).isEmpty(), "no capability, no offer");
    assertEquals("", claimOf("local-one"));
  }

  @Test
  void theFirstAcceptanceWinsAndOnlyTheWinnerReceivesTheAutomaton() throws IOException {
    installCrd();
    Relay relay = relay("relay-0");
    FakeAgent alpha = agent(relay, "alpha", true);
    FakeAgent bravo = agent(relay, "bravo", true);
    String uid = automaton("race", "local").getMetadata().getUid();
    alpha.await(m -> offerOf(m, uid));
    bravo.await(m -> offerOf(m, uid));

    decide(bravo, uid, true);
    await().atMost(WAIT).until(() -> claimOf("race"), "bravo"::equals);
    decide(alpha, uid, true); // too late

    RelayMessage upsert = bravo.await(m -> upsertOf(m, uid));
    assertEquals("bravo", upsert.getUpsert().getResource().getAutomaton().getClaimedBy());
    await().during(Duration.ofMillis(1000)).atMost(WAIT).until(() -> true);
    assertEquals("bravo", claimOf("race"));
    assertTrue(alpha.find(m -> upsertOf(m, uid)).isEmpty());
  }

  @Test
  void reportsBecomeOurOneConditionAndTheOwnersStatusStaysAsItWas() throws IOException {
    installCrd();
    Relay relay = relay("relay-0");
    FakeAgent alpha = agent(relay, "alpha", true);
    GenericKubernetesResource created = automaton("worked", "local");
    String uid = created.getMetadata().getUid();
    GenericKubernetesResource owned = automatons().withName("worked").get();
    owned
        .getAdditionalProperties()
        .put(
            "status",
            Map.of(
                "phase",
                "Scheduled",
                "conditions",
                List.of(Map.of("type", "OwnerReady", "status", "True", "reason", "Owner"))));
    automatons().resource(owned).updateStatus();
    alpha.await(m -> offerOf(m, uid));
    decide(alpha, uid, true);
    alpha.await(m -> upsertOf(m, uid));

    long seq =
        alpha.report(
            StatusReport.newBuilder()
                .setRef(
                    ResourceRef.newBuilder()
                        .setKind(Kind.KIND_AUTOMATON)
                        .setNamespace(NS)
                        .setName("worked")
                        .setUid(uid))
                .setObservedGeneration(1)
                .addConditions(
                    Condition.newBuilder()
                        .setType(AutomatonNames.CONDITION)
                        .setStatus(ConditionStatus.CONDITION_STATUS_TRUE)
                        .setReason("Working")
                        .setMessage("bead wr-abc12 slung to work_rig/nux"))
                .setAutomaton(
                    AutomatonStatus.newBuilder()
                        .setPhase("Working")
                        .setBeadId("wr-abc12")
                        .setPolecat("work_rig/nux")));
    RelayMessage ack = alpha.await(m -> m.hasStatusAck() && m.getStatusAck().getSeq() == seq);
    assertEquals("ACK_RESULT_WRITTEN", ack.getStatusAck().getResult().name());

    GenericKubernetesResource live = automatons().withName("worked").get();
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) live.getAdditionalProperties().get("status");
    assertEquals("Scheduled", status.get("phase"));
    assertEquals(Set.of("phase", "conditions"), status.keySet(), "nothing else written");
    assertEquals(2, conditions(live).size());
    assertEquals(
        Map.of("type", "OwnerReady", "status", "True", "reason", "Owner"), conditions(live).get(0));
    Map<String, Object> ours = conditions(live).get(1);
    assertEquals(AutomatonNames.CONDITION, ours.get("type"));
    assertEquals("True", ours.get("status"));
    assertEquals("Working", ours.get("reason"));
    assertTrue(ours.containsKey("lastTransitionTime"));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) live.getAdditionalProperties().get("spec");
    assertEquals(Map.of("keep", "me"), spec.get("ownerField"));
  }

  @Test
  void theClaimOfAHostAwayTooLongIsReleasedWithAReasonAndOfferedAgain() throws IOException {
    installCrd();
    Relay relay = relay("relay-0");
    FakeAgent alpha = agent(relay, "alpha", true);
    String uid = automaton("orphan", "local").getMetadata().getUid();
    alpha.await(m -> offerOf(m, uid));
    decide(alpha, uid, true);
    await().atMost(WAIT).until(() -> claimOf("orphan"), "alpha"::equals);

    alpha.close(); // gone: presence grace (300 ms) + release (500 ms)
    await().atMost(WAIT).until(() -> claimOf("orphan"), String::isEmpty);
    assertTrue(
        conditions(automatons().withName("orphan").get()).stream()
            .anyMatch(
                c ->
                    AutomatonNames.CONDITION.equals(c.get("type"))
                        && "False".equals(c.get("status"))
                        && "Released".equals(c.get("reason"))));
    FakeAgent bravo = agent(relay, "bravo", true);
    bravo.await(m -> offerOf(m, uid));
  }

  @Test
  void twoRelaysOnOneApiRacingForTenAutomatonsClaimEachExactlyOnce() throws IOException {
    installCrd();
    // per-host Leases: how a replica knows a host is connected to another one (else relay-2 would
    // see alpha as never connected and release its claims)
    Relay one = relay("relay-1", "gastown-system");
    Relay two = relay("relay-2", "gastown-system");
    FakeAgent alpha = agent(one, "alpha", true);
    FakeAgent bravo = agent(two, "bravo", true);
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      names.put(automaton("race-" + i, "local").getMetadata().getUid(), "race-" + i);
    }
    // both hosts accept every offer as soon as it comes: a real race
    await()
        .atMost(WAIT)
        .until(
            () -> {
              for (FakeAgent a : List.of(alpha, bravo)) {
                a.received().stream()
                    .filter(RelayMessage::hasClaimOffer)
                    .map(m -> m.getClaimOffer().getResource().getRef().getUid())
                    .distinct()
                    .forEach(uid -> decide(a, uid, true));
              }
              return names.values().stream().noneMatch(n -> claimOf(n).isEmpty());
            });
    Set<String> toAlpha = upserted(alpha);
    Set<String> toBravo = upserted(bravo);
    await().during(Duration.ofMillis(1000)).atMost(WAIT).until(() -> true);
    for (var e : names.entrySet()) {
      String holder = claimOf(e.getValue());
      assertTrue(Set.of("alpha", "bravo").contains(holder), holder);
      assertTrue(upserted(holder.equals("alpha") ? alpha : bravo).contains(e.getKey()));
      assertFalse(
          upserted(holder.equals("alpha") ? bravo : alpha).contains(e.getKey()),
          "the loser never receives " + e.getValue());
    }
    assertTrue(toAlpha.size() + toBravo.size() <= 10);
  }

  static Set<String> upserted(FakeAgent a) {
    return a.received().stream()
        .filter(m -> m.hasUpsert() && m.getUpsert().getResource().hasAutomaton())
        .map(m -> m.getUpsert().getResource().getRef().getUid())
        .collect(Collectors.toSet());
  }
}
