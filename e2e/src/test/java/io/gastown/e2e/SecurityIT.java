package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gastown.agent.HostAgent;
import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusReport;
import io.gastown.testkit.TestCertificates;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's checks on the whole system, each refusal counted in a metric: the relay's
 * gastown_relay_auth_failures_total{reason} or, where the agent is the one refusing, its
 * gastown_agent_relay_auth_failures_total{relay,reason}. The relay accepts bearer tokens and client
 * certificates of the stack's CA (optional mode) and reads a revocation list.
 */
class SecurityIT {
  private static final String LAPTOP = "laptop";
  private static final String DESKTOP = "desktop";
  private static final Duration CONVERGE = Duration.ofSeconds(20);

  @TempDir Path dir;
  SecureStack stack;

  @BeforeEach
  void start() throws Exception {
    stack = SecureStack.start(dir, List.of(LAPTOP, DESKTOP), Map.of());
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anUnauthenticatedClientIsRefusedBeforeAnyMessageAndCounted() throws Exception {
    try (RawHost anonymous =
            RawHost.dial(stack.relay.grpcPort(), stack.certs.caCert(), Optional.empty());
        RawHost guesser =
            RawHost.dial(stack.relay.grpcPort(), stack.certs.caCert(), Optional.of("guess"))) {
      anonymous.hello(LAPTOP);
      guesser.hello(LAPTOP);
      assertThat(anonymous.awaitClosed().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(guesser.awaitClosed().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(anonymous.received()).isEmpty();
      assertThat(guesser.received()).isEmpty();
    }
    assertThat(stack.relayAuthFailures("missing_credentials")).isEqualTo(1);
    assertThat(stack.relayAuthFailures("unknown_token")).isEqualTo(1);
    assertThat(stack.relay.metrics().connectedHosts()).isZero();
  }

  @Test
  void anAgentRefusesARelayWhoseCertificateAnotherCaSigned() throws Exception {
    TestCertificates otherCa = TestCertificates.create(dir.resolve("other-ca"));
    HostAgent agent =
        stack.start(stack.agent(LAPTOP).token(SecureStack.tokenOf(LAPTOP)).ca(otherCa.caCert()));

    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> agentFailures(agent, "untrusted_relay").isGreaterThanOrEqualTo(1));
    assertThat(agent.isConnected("e2e")).isFalse();
    assertThat(stack.relay.metrics().connectedHosts()).isZero();
    assertThat(stack.relay.metrics().authFailures()).as("the token was never sent").isZero();
  }

  @Test
  void anExpiredClientCertificateIsRefusedInTheHandshakeAndCountedOnBothSides() throws Exception {
    stack.certs.withExpiredHosts(LAPTOP);
    HostAgent agent =
        stack.start(
            stack
                .agent(LAPTOP)
                .certificate(
                    stack.certs.expiredHostCert(LAPTOP), stack.certs.expiredHostKey(LAPTOP)));

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(stack.relayAuthFailures("expired_certificate")).isGreaterThanOrEqualTo(1);
              agentFailures(agent, "refused_by_relay_tls").isGreaterThanOrEqualTo(1);
            });
    assertThat(agent.isResynced("e2e")).isFalse();
  }

  @Test
  void aRevokedTokenClosesTheLiveSessionAtOnce() throws Exception {
    HostAgent agent = stack.start(stack.agent(LAPTOP).token(SecureStack.tokenOf(LAPTOP)));
    await().atMost(CONVERGE).until(() -> agent.isConnected("e2e"));

    long revokedAt = System.nanoTime();
    SecureStack.replace(
        stack.tokensFile,
        DESKTOP + " sha256:" + LocalStack.sha256(SecureStack.tokenOf(DESKTOP)) + "\n");

    await().atMost(Duration.ofSeconds(5)).until(() -> !agent.isConnected("e2e"));
    assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(3));
    assertThat(stack.relayAuthFailures("revoked_token")).isEqualTo(1);
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> agentFailures(agent, "unauthenticated").isGreaterThanOrEqualTo(1));
    await().pollDelay(Duration.ofSeconds(1)).atMost(CONVERGE).until(() -> true);
    assertThat(agent.isConnected("e2e")).as("the revoked token stays refused").isFalse();
  }

  @Test
  void hostAGetsOnlyItsResourcesAndCannotActOrReportForHostB() throws Exception {
    GenericKubernetesResource mine = rig("laptop-rig", LAPTOP);
    GenericKubernetesResource theirs = rig("desktop-rig", DESKTOP);

    try (RawHost impostor =
        RawHost.dial(
            stack.relay.grpcPort(),
            stack.certs.caCert(),
            Optional.of(SecureStack.tokenOf(LAPTOP)))) {
      impostor.hello(DESKTOP);
      RelayMessage bye = impostor.await(RelayMessage::hasGoodbye);
      assertThat(bye.getGoodbye().getReason())
          .isEqualTo(GoodbyeReason.GOODBYE_REASON_PROTOCOL_ERROR);
      assertThat(impostor.awaitClosed().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    assertThat(stack.relayAuthFailures("host_mismatch")).isEqualTo(1);

    try (RawHost laptop =
        RawHost.dial(
            stack.relay.grpcPort(),
            stack.certs.caCert(),
            Optional.of(SecureStack.tokenOf(LAPTOP)))) {
      laptop.hello(LAPTOP);
      laptop.await(RelayMessage::hasResyncEnd);
      laptop.await(
          m ->
              m.hasUpsert() && m.getUpsert().getResource().getRef().getName().equals("laptop-rig"));
      await().pollDelay(Duration.ofMillis(500)).atMost(CONVERGE).until(() -> true);
      assertThat(laptop.received())
          .filteredOn(RelayMessage::hasUpsert)
          .extracting(m -> m.getUpsert().getResource().getRef().getName())
          .containsExactly("laptop-rig");

      laptop.send(
          AgentMessage.newBuilder()
              .setStatus(
                  StatusReport.newBuilder()
                      .setRef(
                          ResourceRef.newBuilder()
                              .setKind(Kind.KIND_RIG)
                              .setName("desktop-rig")
                              .setUid(theirs.getMetadata().getUid()))
                      .setSeq(1)
                      .setObservedGeneration(1)
                      .setRig(RigStatus.newBuilder().setPhase("Ready").setPath("/pwned")))
              .build());
      RelayMessage ack = laptop.await(RelayMessage::hasStatusAck);
      assertThat(ack.getStatusAck().getResult()).isEqualTo(AckResult.ACK_RESULT_REFUSED);
    }
    assertThat(new CrView(live("desktop-rig")).field("path")).isNull();

    HostAgent agent = stack.start(stack.agent(LAPTOP).token(SecureStack.tokenOf(LAPTOP)));
    await()
        .atMost(CONVERGE)
        .until(() -> "True".equals(new CrView(live("laptop-rig")).conditionStatus("Ready")));
    assertThat(agent.isResynced("e2e")).isTrue();
    assertThat(stack.town.calls())
        .noneMatch(argv -> argv.contains("desktop_rig"))
        .anyMatch(argv -> argv.contains("laptop_rig"));
    assertThat(mine.getMetadata().getUid()).isNotEqualTo(theirs.getMetadata().getUid());
  }

  @Test
  void aRotatedClientCertificateIsPickedUpLiveAndTheOldOneRevoked() throws Exception {
    HostAgent agent =
        stack.start(
            stack
                .agent(DESKTOP)
                .certificate(stack.certs.hostCert(DESKTOP), stack.certs.hostKey(DESKTOP)));
    await().atMost(CONVERGE).until(() -> agent.isResynced("e2e"));
    String oldSerial = TestCertificates.serialOf(stack.certs.hostCert(DESKTOP));

    stack.certs.withHosts(DESKTOP); // a new certificate and key in the same files
    assertThat(TestCertificates.serialOf(stack.certs.hostCert(DESKTOP))).isNotEqualTo(oldSerial);
    SecureStack.replace(stack.revokedFile, "serial=" + oldSerial + "\n");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> stack.relayAuthFailures("revoked_certificate") >= 1);
    long closedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.isConnected("e2e"));
    assertThat(Duration.ofNanos(System.nanoTime() - closedAt))
        .as("redialled at once with the new certificate, not after the long backoff")
        .isLessThan(Duration.ofSeconds(4));
    await().pollDelay(Duration.ofSeconds(2)).atMost(CONVERGE).until(() -> true);
    assertThat(agent.isConnected("e2e")).as("the new certificate stays accepted").isTrue();
    assertThat(stack.relayAuthFailures("revoked_certificate")).isEqualTo(1);
  }

  @Test
  void theOwnersAllowListsRefuseOtherRigsAndNamespacesOnTheCr() throws Exception {
    stack.start(
        stack
            .agent(LAPTOP)
            .token(SecureStack.tokenOf(LAPTOP))
            .allow(List.of("team-a"), List.of("allowed_rig")));
    rig("allowed-rig", LAPTOP);
    rig("forbidden-rig", LAPTOP);
    stack.create(
        LocalStack.POLECATS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Polecat
        metadata: {name: outsider, namespace: team-b}
        spec: {rig: allowed-rig, beadID: al-abc12}
        """);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView forbidden = new CrView(live("forbidden-rig"));
              assertThat(forbidden.conditionStatus("Synced"))
                  .as("%s", forbidden)
                  .isEqualTo("False");
              assertThat(forbidden.conditionReason("Synced")).isEqualTo("NotAllowed");
              assertThat(forbidden.conditionMessage("Synced")).contains("forbidden_rig");
              CrView outsider =
                  new CrView(
                      stack
                          .crs(LocalStack.POLECATS)
                          .inNamespace("team-b")
                          .withName("outsider")
                          .get());
              assertThat(outsider.conditionStatus("Synced")).as("%s", outsider).isEqualTo("False");
              assertThat(outsider.conditionReason("Synced")).isEqualTo("NotAllowed");
              assertThat(outsider.conditionMessage("Synced")).contains("team-b");
              assertThat(new CrView(live("allowed-rig")).conditionStatus("Ready"))
                  .isEqualTo("True");
            });
    assertThat(stack.town.calls())
        .noneMatch(argv -> argv.contains("forbidden_rig"))
        .noneMatch(argv -> !argv.isEmpty() && argv.get(0).equals("sling"));
  }

  /** The agent's count of one security refusal; the scrape itself is the description on failure. */
  private static org.assertj.core.api.AbstractDoubleAssert<?> agentFailures(
      HostAgent agent, String reason) {
    String metrics = SecureStack.agentMetrics(agent);
    return assertThat(
            SecureStack.sample(
                metrics,
                "gastown_agent_relay_auth_failures_total",
                "relay=\"e2e\",reason=\"" + reason + "\""))
        .as("agent metrics:%n%s", metrics);
  }

  private GenericKubernetesResource rig(String name, String host) {
    return stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: %s}
        spec: {gitURL: "https://example.com/%s.git", beadsPrefix: %s, host: %s}
        """
            .formatted(
                name,
                name,
                name.startsWith("laptop")
                    ? "lp"
                    : name.startsWith("desktop") ? "dk" : name.startsWith("allowed") ? "al" : "fb",
                host));
  }

  private GenericKubernetesResource live(String rig) {
    return stack.crs(LocalStack.RIGS).withName(rig).get();
  }
}
