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
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code host-agent doctor}'s probe: a Hello with capability "probe" opens no session. */
class RelayProbeIT extends RelayHarness {

  private static AgentMessage probeHello(String host, int major) {
    return AgentMessage.newBuilder()
        .setHello(FakeAgent.hello(host, major, 1).clearCapabilities().addCapabilities("probe"))
        .build();
  }

  @Test
  void aProbeIsWelcomedAndClosedWithoutDisturbingTheHostsSession() {
    FakeAgent live = agent("echo").helloAndResync("echo", List.of());
    int hosts = (int) relay.metrics().connectedHosts();
    double superseded = relay.metrics().sessionsSuperseded();

    FakeAgent probe = agent("echo");
    probe.send(probeHello("echo", 1));
    Welcome w = probe.await(RelayMessage::hasWelcome).getWelcome();
    assertTrue(w.getCapabilitiesList().contains("probe"), w.toString());
    assertEquals(0, w.getSessionEpoch(), "a probe gets no session epoch");
    assertEquals("test-cluster", w.getClusterName());
    assertEquals(Status.Code.OK, probe.awaitClosed().getCode());
    assertTrue(probe.find(RelayMessage::hasResyncBegin).isEmpty(), "no resync for a probe");

    assertEquals(superseded, relay.metrics().sessionsSuperseded());
    assertEquals(hosts, (int) relay.metrics().connectedHosts());
    assertFalse(live.isClosed(), "the host's own session goes on");
    assertTrue(live.find(RelayMessage::hasGoodbye).isEmpty());
  }

  @Test
  void aProbeOfAnotherMajorGetsTheSameRefusalAsAnAgent() {
    FakeAgent probe = agent("foxtrot");
    probe.send(probeHello("foxtrot", 2));
    RelayMessage bye = probe.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_INCOMPATIBLE_VERSION, bye.getGoodbye().getReason());
    assertEquals(Status.Code.FAILED_PRECONDITION, probe.awaitClosed().getCode());
  }

  @Test
  void aProbeWithAWrongTokenIsUnauthenticated() {
    FakeAgent probe = agentWithToken("not-a-token");
    probe.send(probeHello("golf", 1));
    assertEquals(Status.Code.UNAUTHENTICATED, probe.awaitClosed().getCode());
  }
}
