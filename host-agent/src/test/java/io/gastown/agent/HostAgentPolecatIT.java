package io.gastown.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.AgentConfig;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.testing.TestRelay;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.DesiredUpsert;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.PolecatStatus;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigSpec;
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

/**
 * The whole agent slinging through the real GtCli into the stand-in town, with live tmux sessions
 * on the town's socket.
 */
class HostAgentPolecatIT {
  static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir static Path certDir;
  static TestCertificates certs;
  @TempDir Path dir;
  StandInTown town;
  TestRelay relay;
  HostAgent agent;
  String bead;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(certDir);
  }

  @BeforeEach
  void setUp() throws Exception {
    town = StandInTown.create(dir.resolve("town"));
    town.addRig("my_rig", "file:///srv/repo.git");
    bead = town.createBead("my_rig", "Fix the widget");
    relay = TestRelay.startTls(certs);
    relay.onHello =
        h -> TestRelay.welcomeAndResync(List.of(upsert(rig()), upsert(polecat().build())));
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

  static Resource rig() {
    return Resource.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(Kind.KIND_RIG).setUid("rig-1").setName("my-rig"))
        .setGeneration(1)
        .setRig(RigSpec.newBuilder().setGitUrl("file:///srv/repo.git").setBeadsPrefix("mr"))
        .build();
  }

  Resource.Builder polecat() {
    return Resource.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_POLECAT)
                .setNamespace("team-a")
                .setUid("pc-1")
                .setName("fix-widget"))
        .setGeneration(1)
        .setPolecat(
            PolecatSpec.newBuilder()
                .setRig("my-rig")
                .setBeadId(bead)
                .setSubject("Fix the widget")
                .setMessage("line one\nline two"));
  }

  static RelayMessage upsert(Resource r) {
    return RelayMessage.newBuilder().setUpsert(DesiredUpsert.newBuilder().setResource(r)).build();
  }

  Optional<StatusReport> last() {
    List<StatusReport> all = relay.statuses();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).getRef().getUid().equals("pc-1")) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  String phase() {
    return last().map(s -> s.getPolecat().getPhase()).orElse("");
  }

  Optional<Condition> condition(String type) {
    return last()
        .flatMap(
            s -> s.getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst());
  }

  boolean anyEvent(String reason) {
    return relay.statuses().stream()
        .flatMap(s -> s.getEventsList().stream())
        .anyMatch(e -> e.getReason().equals(reason));
  }

  @Test
  void aPolecatCrSlingsTheBeadIntoALiveTmuxSession() throws Exception {
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(this::phase, "Working"::equals);
    PolecatStatus s = last().orElseThrow().getPolecat();
    assertFalse(s.getPolecatName().isEmpty());
    assertEquals("mr-" + s.getPolecatName(), s.getSession());
    assertTrue(s.getSessionRunning());
    assertEquals("my_rig", s.getRigName());
    assertEquals(bead, s.getBeadId());
    assertTrue(town.sessionAlive(s.getSession()), "a real tmux session on the town's socket");
    assertEquals(1, town.slingCount(bead));
    assertTrue(anyEvent("Slung"));
    List<String> sling =
        town.calls().stream().filter(c -> c.get(0).equals("sling")).findFirst().orElseThrow();
    assertEquals(
        List.of(
            "sling", bead, "my_rig", "--subject=Fix the widget", "--message=line one\nline two"),
        sling);
    await().atMost(WAIT).until(() -> !last().orElseThrow().getPolecat().getClonePath().isEmpty());
    assertTrue(
        last().orElseThrow().getPolecat().getClonePath().contains("/my_rig/polecats/"),
        "detail from gt polecat status");
  }

  @Test
  void restartsAndReconnectsNeverSlingTwice() throws Exception {
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(this::phase, "Working"::equals);
    agent.forceReconnect("prod");
    await().atMost(WAIT).until(() -> relay.hellos.size() >= 2);
    agent.close();
    int before = relay.statuses().size();
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(() -> relay.hellos.size() >= 3 && agent.isResynced("prod"));
    await().atMost(WAIT).until(() -> relay.statuses().size() > before);
    await().atMost(WAIT).until(this::phase, "Working"::equals);
    assertEquals(1, town.slingCount(bead));
  }

  @Test
  void aDeadSessionIsReportedStalled() throws Exception {
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(this::phase, "Working"::equals);
    town.killSession(last().orElseThrow().getPolecat().getSession());
    await().atMost(WAIT).until(this::phase, "Stalled"::equals);
    assertFalse(last().orElseThrow().getPolecat().getSessionRunning());
    await().atMost(WAIT).until(() -> anyEvent("SessionDied"));
  }

  @Test
  void deletionIsRefusedWhileWorkIsHookedUntilForceIsAsked() throws Exception {
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(this::phase, "Working"::equals);
    String session = last().orElseThrow().getPolecat().getSession();
    relay.send(upsert(polecat().setDeletionRequested(true).build()));
    await()
        .atMost(WAIT)
        .until(
            () -> condition("Blocked").map(Condition::getMessage).orElse(""),
            m -> m.startsWith("blocked"));
    assertFalse(last().orElseThrow().getFinalized());
    assertTrue(town.sessionAlive(session), "nothing destroyed without force");
    assertTrue(
        town.calls().stream()
            .anyMatch(
                c ->
                    c.get(0).equals("polecat")
                        && c.get(1).equals("nuke")
                        && !c.contains("--force")));
    relay.send(
        upsert(
            polecat()
                .setDeletionRequested(true)
                .putAnnotations("gastown.gastown.io/force-delete", "true")
                .build()));
    await().atMost(WAIT).until(() -> last().map(StatusReport::getFinalized).orElse(false));
    assertFalse(town.sessionAlive(session));
    assertTrue(anyEvent("Nuked"));
  }

  @Test
  void idleStopsTheSessionWithoutLosingTheWork() throws Exception {
    agent = HostAgent.start(config());
    await().atMost(WAIT).until(this::phase, "Working"::equals);
    String session = last().orElseThrow().getPolecat().getSession();
    relay.send(
        upsert(
            polecat()
                .setGeneration(2)
                .setPolecat(
                    polecat().getPolecat().toBuilder()
                        .setDesiredState(
                            io.gastown.proto.v1.PolecatDesiredState.POLECAT_DESIRED_STATE_IDLE))
                .build()));
    await().atMost(WAIT).until(this::phase, "Idle"::equals);
    assertFalse(town.sessionAlive(session));
    assertEquals(1, town.slingCount(bead));
  }

  @Test
  void aClosedBeadIsReportedOnceNotRetried() throws Exception {
    town.closeBead(bead);
    agent = HostAgent.start(config());
    await()
        .atMost(WAIT)
        .until(
            () -> condition("Synced").map(Condition::getReason).orElse(""), "BeadClosed"::equals);
    Thread.sleep(1000); // five observation cycles: the assertion is that none slings again
    assertEquals(
        1, town.calls().stream().filter(c -> c.get(0).equals("sling")).count(), "one attempt only");
  }
}
