package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.health.AgentMetrics;
import io.gastown.agent.link.ChannelFactory;
import io.gastown.agent.link.DesiredStore;
import io.gastown.agent.link.LinkListener;
import io.gastown.agent.link.LinkSettings;
import io.gastown.agent.link.ReconnectBackoff;
import io.gastown.agent.link.RelayLink;
import io.gastown.proto.v1.Capacity;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusReport;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own relay link speaking the previous minor (1.0), the next minor (1.2) and another
 * major (2.0) to the real relay (1.1): minors interoperate both ways — desired state reaches the
 * agent, the agent's status reaches the CR — and another major is refused with a message naming
 * both versions, counted, retried at the backoff's cap and never given up.
 */
class VersionSkewIT {
  private static final String HOST = "laptop";

  @TempDir Path dir;
  private ClusterSide cluster;
  private final List<RelayLink> links = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterSide.create(dir.resolve("c"), "skew", List.of(HOST), Map.of()).startRelay();
  }

  @AfterEach
  void stop() {
    links.forEach(RelayLink::close);
    cluster.close();
  }

  private RelayLink link(int major, int minor, ReconnectBackoff backoff) throws Exception {
    RelayConfig config =
        RelayConfig.of("skew", "127.0.0.1:" + cluster.relay().orElseThrow().grpcPort())
            .withTokenFile(cluster.writeToken(HOST, dir.resolve("token")))
            .withCaFile(cluster.certs.caCert());
    LinkSettings settings =
        new LinkSettings(
                HOST,
                "skew-test",
                "instance-" + major + "." + minor,
                List.of("kind/Rig", "kind/Polecat"),
                Capacity.getDefaultInstance())
            .speaking(major, minor);
    RelayLink link =
        new RelayLink(
            config,
            settings,
            new DesiredStore(),
            new LinkListener() {
              @Override
              public void desiredChanged(String relay, DesiredStore.Changes changes) {}

              @Override
              public void resynced(String relay) {}
            },
            r -> ChannelFactory.create(r, Map.of()),
            Clock.systemUTC(),
            System::nanoTime,
            new SecureRandom(),
            backoff);
    links.add(link);
    link.start();
    return link;
  }

  @Test
  void anAgentOfThePreviousMinorInteroperatesAtThatMinor() throws Exception {
    interoperates(link(1, 0, new ReconnectBackoff(new SecureRandom())), 0, "older-rig");
  }

  @Test
  void anAgentOfTheNextMinorInteroperatesAtTheRelaysMinor() throws Exception {
    interoperates(link(1, 2, new ReconnectBackoff(new SecureRandom())), 1, "newer-rig");
  }

  private void interoperates(RelayLink link, int minor, String rigName) {
    await().atMost(Duration.ofSeconds(10)).until(link::isResynced);
    assertThat(link.sessionProtocol().orElseThrow().getMajor()).isEqualTo(1);
    assertThat(link.sessionProtocol().orElseThrow().getMinor()).isEqualTo(minor);

    cluster.createRig(rigName, "sk");
    Resource desired =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    link.store().all().stream()
                        .filter(r -> r.getRef().getName().equals(rigName))
                        .findFirst(),
                java.util.Optional::isPresent)
            .get();
    link.reporter()
        .offer(
            StatusReport.newBuilder()
                .setRef(desired.getRef())
                .setObservedGeneration(desired.getGeneration())
                .addConditions(
                    Condition.newBuilder()
                        .setType("Ready")
                        .setStatus(ConditionStatus.CONDITION_STATUS_TRUE)
                        .setReason("RigAdded")
                        .setMessage("in the town"))
                .setRig(
                    RigStatus.newBuilder().setPhase("Ready").setRigName(rigName.replace('-', '_')))
                .build());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              CrView rig = cluster.rig(rigName);
              assertThat(rig.conditionStatus("Ready")).as("%s", rig).isEqualTo("True");
              assertThat(rig.conditionStatus("HostConnected")).isEqualTo("True");
              assertThat(rig.field("phase")).isEqualTo("Ready");
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> link.reporter().pending() == 0);
  }

  @Test
  void anotherMajorIsRefusedVisiblyAndRetriedAtTheCapForever() throws Exception {
    ReconnectBackoff backoff =
        new ReconnectBackoff(new SecureRandom(), Duration.ofMillis(20), Duration.ofMillis(300));
    RelayLink link = link(2, 0, backoff);
    AgentMetrics metrics = new AgentMetrics();
    metrics.registerLinks(() -> List.of(link));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> link.refusals().getOrDefault("incompatible_version", 0L) >= 5);

    assertThat(link.isConnected()).isFalse();
    assertThat(link.isResynced()).isFalse();
    assertThat(link.lastRefusal())
        .startsWith("incompatible_version")
        .contains("2.0")
        .contains("1.1");
    assertThat(backoff.currentCeilingMillis()).as("backed off to the cap").isEqualTo(300);
    long dials = link.dials();
    await().atMost(Duration.ofSeconds(5)).until(() -> link.dials() > dials + 2);
    assertThat(scrape(metrics))
        .containsPattern(
            "gastown_agent_relay_refusals_total\\{[^}]*reason=\"incompatible_version\"[^}]*\\} [1-9]");
  }

  private static String scrape(AgentMetrics metrics) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, metrics.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
