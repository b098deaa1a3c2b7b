package io.gastown.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.AgentConfig;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.testing.TestRelay;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.DesiredUpsert;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigSpec;
import io.gastown.proto.v1.StatusReport;
import io.gastown.testkit.StandInTown;
import io.gastown.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The whole agent with the stand-in gt and an in-test relay: Rigs from CR to town and back. */
class HostAgentRigIT {
  @TempDir static Path certDir;
  static TestCertificates certs;
  @TempDir Path dir;
  StandInTown town;
  TestRelay relay;
  HostAgent agent;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(certDir);
  }

  @BeforeEach
  void setUp() throws Exception {
    town = StandInTown.create(dir.resolve("town"));
    relay = TestRelay.startTls(certs);
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

  static Resource rig(String uid, String name, RigSpec.Builder spec) {
    return Resource.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(Kind.KIND_RIG).setUid(uid).setName(name))
        .setGeneration(1)
        .setRig(spec)
        .build();
  }

  static RigSpec.Builder spec() {
    return RigSpec.newBuilder().setGitUrl("file:///srv/repo.git").setBeadsPrefix("mr");
  }

  static RelayMessage upsert(Resource r) {
    return RelayMessage.newBuilder().setUpsert(DesiredUpsert.newBuilder().setResource(r)).build();
  }

  Optional<StatusReport> last(String uid) {
    List<StatusReport> all = relay.statuses();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).getRef().getUid().equals(uid)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  String phase(String uid) {
    return last(uid).map(s -> s.getRig().getPhase()).orElse("");
  }

  Optional<Condition> condition(String uid, String type) {
    return last(uid)
        .flatMap(
            s -> s.getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst());
  }

  HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.healthPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRigCrBecomesAGtRigAndIsReportedReady() throws Exception {
    relay.onHello = h -> TestRelay.welcomeAndResync(List.of(upsert(rig("u1", "my-rig", spec()))));
    agent = HostAgent.start(config());
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.isResynced("prod"));
    await().atMost(Duration.ofSeconds(20)).until(() -> phase("u1"), "Ready"::equals);
    StatusReport s = last("u1").orElseThrow();
    assertEquals("my_rig", s.getRig().getRigName());
    assertEquals(town.root().resolve("my_rig").toString(), s.getRig().getPath());
    assertEquals("mr", s.getRig().getBeadsPrefix());
    assertTrue(town.gt("rig", "list", "--json").stdout().contains("\"my_rig\""));
    assertTrue(
        relay.statuses().stream()
            .flatMap(r -> r.getEventsList().stream())
            .anyMatch(e -> e.getReason().equals("RigAdded")));
    await().until(() -> get("/readyz").statusCode() == 200);
    assertEquals(200, get("/healthz").statusCode());
    String metrics = get("/metrics").body();
    assertTrue(
        metrics.contains(
            "gastown_agent_gt_commands_total{result=\"ok\",subcommand=\"rig add\"} 1.0"),
        metrics);
    assertTrue(metrics.contains("gastown_agent_relay_connected{relay=\"prod\"} 1"), metrics);
    assertTrue(metrics.contains("gastown_agent_gt_command_seconds_bucket"), metrics);
    assertTrue(metrics.contains("gastown_agent_session_age_seconds{relay=\"prod\"}"), metrics);
    assertTrue(metrics.contains("gastown_agent_status_lag_seconds_count{relay=\"prod\"}"), metrics);
    assertTrue(metrics.contains("gastown_agent_observation_age_seconds "), metrics);
    assertTrue(get("/readyz").body().startsWith("ok: serving [prod]"));
  }

  @Test
  void anInvalidRigNeverReachesGt() throws Exception {
    relay.onHello =
        h ->
            TestRelay.welcomeAndResync(
                List.of(upsert(rig("u1", "evil", spec().setGitUrl("--upload-pack=touch /tmp/x")))));
    agent = HostAgent.start(config());
    await().atMost(Duration.ofSeconds(20)).until(() -> condition("u1", "Synced").isPresent());
    assertEquals("InvalidSpec", condition("u1", "Synced").orElseThrow().getReason());
    assertTrue(town.gt("rig", "list", "--json").stdout().startsWith("No rigs configured."));
  }

  @Test
  void deletingARigWithRemoveRemovesItAndFinalizes() throws Exception {
    town.gt("rig", "add", "old_rig", "file:///srv/old.git", "--prefix", "ol");
    Resource r =
        rig(
            "u1",
            "old-rig",
            spec().setBeadsPrefix("ol").setDeletionPolicy(DeletionPolicy.DELETION_POLICY_REMOVE));
    relay.onHello = h -> TestRelay.welcomeAndResync(List.of(upsert(r)));
    agent = HostAgent.start(config());
    await().atMost(Duration.ofSeconds(20)).until(() -> phase("u1"), "Ready"::equals);
    relay.send(upsert(r.toBuilder().setDeletionRequested(true).build()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> last("u1").map(StatusReport::getFinalized).orElse(false));
    assertTrue(town.gt("rig", "list", "--json").stdout().startsWith("No rigs configured."));
  }

  @Test
  void aRestartedAgentAddsNothingTwice() throws Exception {
    relay.onHello = h -> TestRelay.welcomeAndResync(List.of(upsert(rig("u1", "my-rig", spec()))));
    agent = HostAgent.start(config());
    await().atMost(Duration.ofSeconds(20)).until(() -> phase("u1"), "Ready"::equals);
    agent.close();
    int before = relay.statuses().size();
    agent = HostAgent.start(config());
    await().atMost(Duration.ofSeconds(20)).until(() -> relay.hellos.size() == 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> relay.statuses().size() > before);
    assertEquals("Ready", phase("u1"));
    assertFalse(
        relay.statuses().subList(before, relay.statuses().size()).stream()
            .flatMap(s -> s.getEventsList().stream())
            .anyMatch(e -> e.getReason().equals("AddFailed") || e.getReason().equals("RigAdded")),
        "no second gt rig add");
  }
}
