package io.gastown.agent.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.testing.TestRelay;
import io.gastown.proto.v1.Capacity;
import io.gastown.testkit.TestCertificates;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused credential earns the long backoff, but a credential file that changes is tried at once:
 * rotating a token or certificate (then revoking the old one) costs a reconnect, not minutes. The
 * backoff here always waits its full ceiling, so a test passes only through the fast path.
 */
class RelayLinkCredentialsIT {
  private static final Duration CAP = Duration.ofSeconds(60);

  @TempDir static Path certDir;
  static TestCertificates certs;
  @TempDir Path dir;
  private final List<AutoCloseable> closeables = new ArrayList<>();

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

  @Test
  void aRefusedTokenWaitsLongButANewTokenFileIsDialledAtOnce() throws Exception {
    TestRelay relay = relay();
    relay.requiredAuthorization = "Bearer the-good-token";
    Path token = writeToken("bad");
    RelayLink link = link(relay, token);
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.authorizations.size() == 1);
    assertEquals(Map.of("unauthenticated", 1L), link.authFailures());

    writeToken("the-good-token");

    await().atMost(Duration.ofSeconds(5)).until(link::isResynced);
    assertEquals(2, relay.authorizations.size());
  }

  @Test
  void aSessionRefusedAfterItsCredentialsWereRotatedRedialsAtOnce() throws Exception {
    TestRelay relay = relay();
    relay.requiredAuthorization = "Bearer old-token";
    Path token = writeToken("old-token");
    RelayLink link = link(relay, token);
    await().atMost(Duration.ofSeconds(5)).until(link::isResynced);

    // the owner writes the new token; the relay then revokes the old one and closes the session
    writeToken("new-token-rotated");
    relay.requiredAuthorization = "Bearer new-token-rotated";
    relay.failStream(Status.UNAUTHENTICATED.withDescription("the bearer token was revoked"));

    await().atMost(Duration.ofSeconds(5)).until(() -> relay.connectNanos.size() == 2);
    await().atMost(Duration.ofSeconds(5)).until(link::isConnected);
    assertEquals("Bearer new-token-rotated", relay.authorizations.get(1));
  }

  @Test
  void unchangedRefusedCredentialsAreNotHammered() throws Exception {
    TestRelay relay = relay();
    relay.requiredAuthorization = "Bearer other";
    RelayLink link = link(relay, writeToken("mine"));
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.authorizations.size() == 1);
    await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> true);
    assertEquals(1, relay.authorizations.size(), "one dial, then the long wait");
    assertFalse(link.isConnected());
  }

  private TestRelay relay() throws Exception {
    TestRelay r = TestRelay.startTls(certs);
    closeables.add(r);
    return r;
  }

  private Path writeToken(String value) throws Exception {
    Path f = dir.resolve("token");
    Files.writeString(f, value + "\n");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusMillis(value.length())));
    return f;
  }

  private RelayLink link(TestRelay relay, Path token) {
    RelayConfig config =
        RelayConfig.of("prod", relay.address()).withCaFile(certs.caCert()).withTokenFile(token);
    RelayLink l =
        new RelayLink(
            config,
            new LinkSettings(
                "laptop-1",
                "0.1.0",
                "inst-1",
                List.of("kind/Rig"),
                Capacity.newBuilder().setMaxPolecats(3).build()),
            new DesiredStore(),
            new LinkListener() {
              @Override
              public void desiredChanged(String relay, DesiredStore.Changes changes) {}

              @Override
              public void resynced(String relay) {}
            },
            c -> ChannelFactory.create(c, Map.of()),
            Clock.systemUTC(),
            System::nanoTime,
            new java.util.SplittableRandom(1),
            new ReconnectBackoff(fullCeiling(), Duration.ofMillis(20), CAP));
    closeables.add(l);
    l.start();
    return l;
  }

  /** A "random" source that always draws the ceiling: every backoff waits its longest. */
  private static RandomGenerator fullCeiling() {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return Long.MAX_VALUE;
      }

      @Override
      public long nextLong(long bound) {
        return bound - 1;
      }
    };
  }
}
