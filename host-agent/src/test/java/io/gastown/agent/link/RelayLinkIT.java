package io.gastown.agent.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.report.StatusHash;
import io.gastown.agent.testing.TestRelay;
import io.gastown.proto.v1.Capacity;
import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.DesiredDelete;
import io.gastown.proto.v1.DesiredUpsert;
import io.gastown.proto.v1.Goodbye;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.ResyncBegin;
import io.gastown.proto.v1.ResyncEnd;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusReport;
import io.gastown.testkit.TestCertificates;
import io.gastown.testkit.net.ConnectProxy;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayLinkIT {
  @TempDir static Path certDir;
  static TestCertificates certs;
  @TempDir Path dir;
  final List<AutoCloseable> closeables = new ArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  volatile java.util.concurrent.CountDownLatch planning =
      new java.util.concurrent.CountDownLatch(0);
  final AtomicLong clockOffsetMillis = new AtomicLong();

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(certDir);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  TestRelay relay() throws Exception {
    TestRelay r = TestRelay.startTls(certs);
    closeables.add(r);
    return r;
  }

  Path token(String value) throws Exception {
    Path f = dir.resolve("token");
    Files.writeString(f, value + "\n");
    return f;
  }

  /** A clock the test can move forward, like a laptop waking up. */
  Clock jumpingClock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.now().plusMillis(clockOffsetMillis.get());
      }
    };
  }

  RelayLink link(RelayConfig config, DesiredStore store) {
    return link(config, store, Map.of());
  }

  RelayLink link(RelayConfig config, DesiredStore store, Map<String, String> env) {
    return link(
        config,
        store,
        env,
        new ReconnectBackoff(
            new SplittableRandom(9), Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  RelayLink link(
      RelayConfig config, DesiredStore store, Map<String, String> env, ReconnectBackoff backoff) {
    LinkListener listener =
        new LinkListener() {
          @Override
          public void desiredChanged(String relay, DesiredStore.Changes changes) {
            try {
              planning.await(10, java.util.concurrent.TimeUnit.SECONDS); // a slow reconciler
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            events.add("changed " + changes.changed() + " removed " + changes.removed());
          }

          @Override
          public void resynced(String relay) {
            events.add("resynced");
          }
        };
    RelayLink l =
        new RelayLink(
            config,
            new LinkSettings(
                "laptop-1",
                "0.1.0",
                "inst-1",
                List.of("kind/Rig"),
                Capacity.newBuilder().setMaxPolecats(3).build()),
            store,
            listener,
            c -> ChannelFactory.create(c, env),
            jumpingClock(),
            System::nanoTime,
            new SplittableRandom(9),
            backoff);
    closeables.add(l);
    l.start();
    return l;
  }

  RelayConfig tls(TestRelay relay) throws Exception {
    return RelayConfig.of("prod", relay.address())
        .withCaFile(certs.caCert())
        .withTokenFile(token("tok-1"));
  }

  static Resource rig(String uid, long generation) {
    return Resource.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(Kind.KIND_RIG).setUid(uid).setName("r-" + uid))
        .setGeneration(generation)
        .build();
  }

  static RelayMessage upsert(Resource r) {
    return RelayMessage.newBuilder().setUpsert(DesiredUpsert.newBuilder().setResource(r)).build();
  }

  static StatusReport status(String uid, String phase) {
    return StatusReport.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(Kind.KIND_RIG).setUid(uid))
        .setObservedGeneration(1)
        .setRig(RigStatus.newBuilder().setPhase(phase))
        .build();
  }

  @Test
  void helloOverTlsCarriesIdentityCapabilitiesAndTheBearerToken() throws Exception {
    TestRelay relay = relay();
    RelayLink link = link(tls(relay), new DesiredStore());
    await().until(link::isResynced);
    Hello h = relay.hellos.get(0);
    assertEquals(1, h.getProtocol().getMajor());
    assertEquals(1, h.getProtocol().getMinor());
    assertEquals("laptop-1", h.getHostId());
    assertEquals("0.1.0", h.getAgentVersion());
    assertEquals(List.of("kind/Rig"), h.getCapabilitiesList());
    assertEquals(3, h.getCapacity().getMaxPolecats());
    assertEquals("inst-1", h.getAgentInstanceId());
    assertTrue(Math.abs(h.getSentAtUnixMillis() - System.currentTimeMillis()) < 60_000);
    assertEquals(List.of("Bearer tok-1"), relay.authorizations);
    assertTrue(link.isConnected());
  }

  @Test
  void theResyncIsAppliedAtItsEndAndLiveChangesAtOnce() throws Exception {
    TestRelay relay = relay();
    DesiredStore store = new DesiredStore();
    relay.onHello =
        h -> TestRelay.welcomeAndResync(List.of(upsert(rig("u1", 1)), upsert(rig("u2", 1))));
    RelayLink link = link(tls(relay), store);
    await().until(link::isResynced);
    assertEquals(2, store.size());
    assertTrue(events.get(0).startsWith("changed"), events.toString());
    assertTrue(events.contains("resynced"));
    relay.send(upsert(rig("u3", 1)));
    await().until(() -> store.get("u3").isPresent());
    relay.send(
        RelayMessage.newBuilder()
            .setDelete(
                DesiredDelete.newBuilder()
                    .setRef(ResourceRef.newBuilder().setUid("u1"))
                    .setReason(DeleteReason.DELETE_REASON_DELETED))
            .build());
    await().until(() -> store.get("u1").isEmpty());
  }

  @Test
  void deletesOfAnInterruptedResyncAreNeverApplied() throws Exception {
    TestRelay relay = relay();
    DesiredStore store = new DesiredStore();
    store.upsert(rig("u1", 1));
    relay.onHello =
        h ->
            List.of(
                TestRelay.welcomeAndResync(List.of()).get(0),
                RelayMessage.newBuilder()
                    .setResyncBegin(ResyncBegin.newBuilder().setResyncId(7))
                    .build(),
                RelayMessage.newBuilder()
                    .setDelete(
                        DesiredDelete.newBuilder().setRef(ResourceRef.newBuilder().setUid("u1")))
                    .build());
    RelayLink link = link(tls(relay), store);
    await().until(() -> relay.hellos.size() == 1);
    await().until(link::isConnected);
    relay.closeStream();
    await().until(() -> relay.hellos.size() >= 2);
    assertTrue(store.get("u1").isPresent(), "the delete never reached ResyncEnd");
    assertFalse(link.isResynced());
  }

  @Test
  void statusIsSentAfterTheResyncAndAcknowledgedPerResource() throws Exception {
    TestRelay relay = relay();
    RelayLink link = link(tls(relay), new DesiredStore());
    link.reporter().offer(status("u1", "Pending"));
    await().until(link::isResynced);
    await().until(() -> relay.statuses().size() == 1);
    assertEquals("Pending", relay.statuses().get(0).getRig().getPhase());
    await().until(() -> link.reporter().pending() == 0);
    assertEquals(StatusHash.of(status("u1", "Pending")), link.reporter().ackedHash("u1"));
  }

  @Test
  void aReconnectSendsTheInventoryAndReReadsTheToken() throws Exception {
    TestRelay relay = relay();
    DesiredStore store = new DesiredStore();
    relay.onHello = h -> TestRelay.welcomeAndResync(List.of(upsert(rig("u1", 4))));
    RelayLink link = link(tls(relay), store);
    await().until(link::isResynced);
    link.reporter().offer(status("u1", "Ready"));
    await().until(() -> link.reporter().pending() == 0);
    Files.writeString(dir.resolve("token"), "tok-2");
    relay.closeStream();
    await().until(() -> relay.hellos.size() == 2);
    Hello again = relay.hellos.get(1);
    assertEquals(1, again.getInventoryCount());
    assertEquals("u1", again.getInventory(0).getUid());
    assertEquals(4, again.getInventory(0).getGeneration());
    assertEquals(StatusHash.of(status("u1", "Ready")), again.getInventory(0).getStatusHash());
    assertEquals(List.of("Bearer tok-1", "Bearer tok-2"), relay.authorizations);
    await().until(() -> link.reconnects() == 1);
  }

  @Test
  void unacknowledgedStatusIsResentAfterAReconnect() throws Exception {
    TestRelay relay = relay();
    relay.autoAck = false;
    RelayLink link = link(tls(relay), new DesiredStore());
    await().until(link::isResynced);
    link.reporter().offer(status("u1", "Ready"));
    await().until(() -> relay.statuses().size() == 1);
    relay.autoAck = true;
    relay.closeStream();
    await().until(() -> relay.statuses().size() >= 2);
    await().until(() -> link.reporter().pending() == 0);
  }

  @Test
  void goodbyeRetryAfterIsHonoured() throws Exception {
    TestRelay relay = relay();
    RelayLink link = link(tls(relay), new DesiredStore());
    await().until(link::isResynced);
    relay.send(
        RelayMessage.newBuilder()
            .setGoodbye(
                Goodbye.newBuilder()
                    .setReason(GoodbyeReason.GOODBYE_REASON_SHUTTING_DOWN)
                    .setMessage("bye")
                    .setRetryAfterMillis(1200))
            .build());
    relay.closeStream();
    await().atMost(Duration.ofSeconds(10)).until(() -> relay.connectNanos.size() == 2);
    long gap = relay.connectNanos.get(1) - relay.connectNanos.get(0);
    assertTrue(Duration.ofNanos(gap).toMillis() >= 1200, "reconnected after " + gap / 1e6 + " ms");
  }

  @Test
  void refusedCredentialsAreRetriedForeverAndRecoverWhenTheTokenIsFixed() throws Exception {
    TestRelay relay = relay();
    relay.requiredAuthorization = "Bearer good";
    RelayLink link = link(tls(relay), new DesiredStore());
    await().until(() -> relay.authorizations.size() >= 3);
    assertFalse(link.isResynced());
    Files.writeString(dir.resolve("token"), "good");
    await().atMost(Duration.ofSeconds(10)).until(link::isResynced);
  }

  @Test
  void aSlowListenerNeverHoldsBackHeartbeats() throws Exception {
    TestRelay relay = relay();
    relay.onHello = h -> TestRelay.welcomeAndResync(List.of(upsert(rig("u1", 1))), 100, 5_000);
    planning = new java.util.concurrent.CountDownLatch(1);
    RelayLink link = link(tls(relay), new DesiredStore());
    await().until(link::isResynced);
    long before = relay.heartbeats();
    // planning is stuck for a second: heartbeats still go out every 100 ms
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertTrue(relay.heartbeats() >= before + 5, "heartbeats: " + (relay.heartbeats() - before));
    assertTrue(events.isEmpty(), "the listener is still blocked");
    planning.countDown();
    await().until(() -> events.contains("changed [u1] removed []") && events.contains("resynced"));
    assertEquals(1, relay.hellos.size(), "no reconnect");
  }

  @Test
  void silenceBeyondTheHeartbeatTimeoutForcesAReconnect() throws Exception {
    TestRelay relay = relay();
    relay.onHello = h -> TestRelay.welcomeAndResync(List.of(), 100, 400);
    RelayLink link = link(tls(relay), new DesiredStore());
    await().until(link::isResynced);
    await().until(() -> relay.heartbeats() >= 2);
    // The test relay never sends heartbeats: after 400 ms of silence the agent redials.
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.hellos.size() >= 2);
  }

  @Test
  void aWallClockJumpMeansSleepAndForcesAReconnect() throws Exception {
    TestRelay relay = relay();
    RelayLink link = link(tls(relay), new DesiredStore());
    await().until(link::isResynced);
    clockOffsetMillis.addAndGet(Duration.ofHours(1).toMillis());
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.hellos.size() >= 2);
    assertTrue(link.reconnects() >= 1);
  }

  @Test
  void anUntrustedRelayCertificateIsRefused() throws Exception {
    TestRelay relay = relay();
    RelayConfig noCa = RelayConfig.of("prod", relay.address()).withTokenFile(token("tok-1"));
    RelayLink link = link(noCa, new DesiredStore());
    Thread.sleep(500); // give it time to (wrongly) connect; the assertion is that it did not
    assertFalse(link.isConnected());
    assertEquals(List.of(), relay.hellos);
  }

  @Test
  void plaintextWorksOnLoopbackWhenConfigured() throws Exception {
    TestRelay relay = TestRelay.startPlaintext();
    closeables.add(relay);
    RelayLink link =
        link(
            RelayConfig.of("dev", relay.address()).withPlaintextLoopbackDev(true),
            new DesiredStore());
    await().until(link::isResynced);
    assertEquals(List.of(""), relay.authorizations);
  }

  @Test
  void httpsProxyFromTheEnvironmentIsUsed() throws Exception {
    TestRelay relay = relay();
    try (ConnectProxy proxy = ConnectProxy.start()) {
      RelayConfig cfg =
          RelayConfig.of("prod", "localhost:" + relay.port())
              .withCaFile(certs.caCert())
              .withTokenFile(token("tok-1"));
      RelayLink link =
          link(cfg, new DesiredStore(), Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));
      await().until(link::isResynced);
      assertEquals(1, proxy.tunnels().size(), proxy.tunnels().toString());
    }
  }

  @Test
  void statusWantedInResyncEndResendsAcknowledgedStatus() throws Exception {
    TestRelay relay = relay();
    RelayLink link = link(tls(relay), new DesiredStore());
    await().until(link::isResynced);
    link.reporter().offer(status("u1", "Ready"));
    await().until(() -> link.reporter().pending() == 0);
    relay.onHello =
        h -> {
          List<RelayMessage> m = new ArrayList<>(TestRelay.welcomeAndResync(List.of()));
          m.set(
              m.size() - 1,
              RelayMessage.newBuilder()
                  .setResyncEnd(ResyncEnd.newBuilder().setResyncId(1).addStatusWanted("u1"))
                  .build());
          return m;
        };
    relay.closeStream();
    await().until(() -> relay.statuses().size() == 2);
  }

  @Test
  void unknownFailuresStillRedial() throws Exception {
    TestRelay relay = relay();
    RelayLink link = link(tls(relay), new DesiredStore());
    await().until(link::isResynced);
    relay.failStream(Status.INTERNAL.withDescription("boom"));
    await().until(() -> relay.hellos.size() >= 2);
    relay.failStream(Status.FAILED_PRECONDITION.withDescription("protocol 2 required"));
    // incompatible: backs off to the cap (200 ms in this test) but never gives up
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.hellos.size() >= 3);
  }

  @Test
  void dropsBeforeTheResyncEndsKeepTheBackoffGrowingAndADropAfterItRedialsFromTheBase()
      throws Exception {
    TestRelay relay = relay();
    // Welcome, then nothing: the relay accepts and drops before any resync completes
    relay.onHello = h -> TestRelay.welcomeAndResync(List.of()).subList(0, 1);
    ReconnectBackoff backoff =
        new ReconnectBackoff(new SplittableRandom(9), Duration.ofMillis(10), Duration.ofSeconds(5));
    RelayLink link = link(tls(relay), new DesiredStore(), Map.of(), backoff);
    for (int dial = 1; dial <= 4; dial++) {
      int n = dial;
      await().atMost(Duration.ofSeconds(5)).until(() -> relay.hellos.size() == n);
      await().until(link::isConnected);
      if (dial == 4) {
        relay.onHello = h -> TestRelay.welcomeAndResync(List.of()); // from the fifth dial on
      }
      relay.closeStream();
    }
    await().until(() -> link.reconnects() == 4);
    // four failed sessions: the fifth dial waits under 10 ms · 2^4
    assertEquals(160, backoff.currentCeilingMillis());

    await().atMost(Duration.ofSeconds(5)).until(link::isResynced);
    relay.closeStream(); // at once: the resync proved the relay whole all the same
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.hellos.size() == 6);
    // the sixth dial was drawn under the base (10 ms): the ceiling now stands one step above it
    assertEquals(20, backoff.currentCeilingMillis());
    long gap = relay.connectNanos.get(5) - relay.connectNanos.get(4);
    assertTrue(Duration.ofNanos(gap).toMillis() < 2_000, "redialled after " + gap / 1e6 + " ms");
  }
}
