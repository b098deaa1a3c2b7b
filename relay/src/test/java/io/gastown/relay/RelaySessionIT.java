package io.gastown.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Welcome;
import io.gastown.relay.support.FakeAgent;
import io.gastown.relay.support.RelayHarness;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Authentication, version negotiation, fencing and liveness of host sessions. */
class RelaySessionIT extends RelayHarness {

  @Test
  void aWrongTokenIsRefusedAsUnauthenticatedAndCounted() {
    double before = relay.metrics().authFailures();
    FakeAgent agent = agentWithToken("not-a-token");
    agent.send(AgentMessage.newBuilder().setHello(FakeAgent.hello("alpha", 1, 1)).build());
    assertEquals(Status.Code.UNAUTHENTICATED, agent.awaitClosed().getCode());
    assertEquals(before + 1, relay.metrics().authFailures());
    assertTrue(agent.received().isEmpty());
  }

  @Test
  void anotherMajorVersionIsRefusedWithAMessageNamingBothVersions() {
    FakeAgent agent = agent("alpha");
    agent.send(AgentMessage.newBuilder().setHello(FakeAgent.hello("alpha", 2, 0)).build());
    RelayMessage bye = agent.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_INCOMPATIBLE_VERSION, bye.getGoodbye().getReason());
    String message = bye.getGoodbye().getMessage();
    assertTrue(message.contains("2.0") && message.contains("1.1"), message);
    assertEquals(Status.Code.FAILED_PRECONDITION, agent.awaitClosed().getCode());
    assertTrue(agent.find(RelayMessage::hasWelcome).isEmpty());
  }

  @Test
  void neighbouringMinorVersionsInteroperateAtTheLowerMinor() {
    FakeAgent older = agent("bravo");
    older.send(AgentMessage.newBuilder().setHello(FakeAgent.hello("bravo", 1, 0)).build());
    Welcome w = older.await(RelayMessage::hasWelcome).getWelcome();
    assertEquals(1, w.getProtocol().getMajor());
    assertEquals(0, w.getProtocol().getMinor());
    older.close();

    FakeAgent newer = agent("bravo");
    newer.send(AgentMessage.newBuilder().setHello(FakeAgent.hello("bravo", 1, 2)).build());
    Welcome w2 = newer.await(RelayMessage::hasWelcome).getWelcome();
    assertEquals(1, w2.getProtocol().getMinor());
    assertEquals("relay-0", w2.getRelayId());
    assertEquals("test-cluster", w2.getClusterName());
    assertEquals(300, w2.getHeartbeatIntervalMillis());
    assertEquals(3000, w2.getHeartbeatTimeoutMillis());
    newer.await(RelayMessage::hasResyncEnd);
  }

  @Test
  void aHelloForAnotherHostIsAProtocolErrorAndPermissionDenied() {
    FakeAgent agent = agent("charlie");
    agent.send(AgentMessage.newBuilder().setHello(FakeAgent.hello("delta", 1, 1)).build());
    RelayMessage bye = agent.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_PROTOCOL_ERROR, bye.getGoodbye().getReason());
    assertEquals(Status.Code.PERMISSION_DENIED, agent.awaitClosed().getCode());
  }

  @Test
  void aMessageBeforeHelloIsAProtocolError() {
    FakeAgent agent = agent("charlie");
    agent.heartbeat();
    RelayMessage bye = agent.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_PROTOCOL_ERROR, bye.getGoodbye().getReason());
    assertEquals(Status.Code.INVALID_ARGUMENT, agent.awaitClosed().getCode());
  }

  @Test
  void aSecondSessionOfTheSameHostSupersedesTheFirst() {
    double before = relay.metrics().sessionsSuperseded();
    FakeAgent first = agent("echo").helloAndResync("echo", List.of());
    long firstEpoch = first.await(RelayMessage::hasWelcome).getWelcome().getSessionEpoch();

    FakeAgent second = agent("echo").helloAndResync("echo", List.of());
    long secondEpoch = second.await(RelayMessage::hasWelcome).getWelcome().getSessionEpoch();

    RelayMessage bye = first.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_SUPERSEDED, bye.getGoodbye().getReason());
    assertEquals(Status.Code.ABORTED, first.awaitClosed().getCode());
    assertTrue(secondEpoch > firstEpoch);
    assertFalse(second.isClosed());
    assertEquals(before + 1, relay.metrics().sessionsSuperseded());
  }

  @Test
  void theRelaySendsHeartbeatsAndClosesASilentSession() {
    FakeAgent agent = agent("foxtrot").helloAndResync("foxtrot", List.of());
    agent.await(RelayMessage::hasHeartbeat);
    // the agent sends nothing more: the relay gives up after the 3 s heartbeat timeout
    assertEquals(Status.Code.UNAVAILABLE, agent.awaitClosed().getCode());
  }

  @Test
  void removingAHostsTokenClosesItsSessionAsUnauthenticated() throws Exception {
    FakeAgent agent = agent("juliet").helloAndResync("juliet", List.of());
    List<String> kept =
        Files.readAllLines(tokensFile).stream().filter(l -> !l.startsWith("juliet ")).toList();
    Files.write(tokensFile, kept);
    Files.setLastModifiedTime(tokensFile, FileTime.from(Instant.now().plusSeconds(2)));

    RelayMessage bye = agent.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_UNAUTHENTICATED, bye.getGoodbye().getReason());
    assertEquals(Status.Code.UNAUTHENTICATED, agent.awaitClosed().getCode());
    FakeAgent again = agent("juliet");
    again.send(AgentMessage.newBuilder().setHello(FakeAgent.hello("juliet", 1, 1)).build());
    assertEquals(Status.Code.UNAUTHENTICATED, again.awaitClosed().getCode());
  }

  @Test
  void healthReadinessAndMetricsAreServed() throws Exception {
    agent("golf").helloAndResync("golf", List.of());
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + relay.healthPort();
    assertEquals(200, get(http, base + "/healthz").statusCode());
    assertEquals(200, get(http, base + "/readyz").statusCode());
    String metrics = get(http, base + "/metrics").body();
    assertTrue(metrics.contains("gastown_relay_connected_hosts"), metrics);
    assertTrue(metrics.contains("gastown_relay_auth_failures_total"), metrics);
    assertTrue(metrics.contains("gastown_relay_sessions_superseded_total"), metrics);
    assertFalse(metrics.contains("secret-token"), "no token anywhere");
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
