package io.gastown.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.relay.support.FakeAgent;
import io.gastown.relay.support.RelayHarness;
import io.gastown.testkit.TestCertificates;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay's certificate is re-read when its files change, without a restart. */
class RelayTlsIT extends RelayHarness {

  @Test
  void aReplacedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
    agent("alpha").helloAndResync("alpha", List.of());

    TestCertificates renewed = TestCertificates.create(dir.resolve("renewed"));
    Files.copy(renewed.relayKey(), tlsKey, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(renewed.relayCert(), tlsCert, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(tlsCert, FileTime.from(Instant.now().plusSeconds(3)));
    Files.setLastModifiedTime(tlsKey, FileTime.from(Instant.now().plusSeconds(3)));

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              FakeAgent a = agentTrusting(renewed.caCert(), token("bravo"));
              a.send(AgentMessage.newBuilder().setHello(FakeAgent.hello("bravo", 1, 1)).build());
              await()
                  .atMost(Duration.ofSeconds(5))
                  .until(() -> a.isClosed() || a.find(RelayMessage::hasResyncEnd).isPresent());
              return a.find(RelayMessage::hasResyncEnd).isPresent();
            });

    FakeAgent old = agentTrusting(certs.caCert(), token("charlie"));
    old.send(AgentMessage.newBuilder().setHello(FakeAgent.hello("charlie", 1, 1)).build());
    assertEquals(
        Status.Code.UNAVAILABLE, old.awaitClosed().getCode(), "the old CA no longer matches");
  }
}
