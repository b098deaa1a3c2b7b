package io.gastown.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.relay.session.ClientAuthMode;
import io.gastown.relay.session.TokenFile;
import io.gastown.relay.support.FakeAgent;
import io.gastown.relay.support.RelayHarness;
import io.gastown.testkit.TestCertificates;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * mTLS beside bearer tokens: a relay with RELAY_CLIENT_CA_FILE (client certificates optional) and a
 * second one requiring them. Every refusal is counted by reason in
 * gastown_relay_auth_failures_total.
 */
class RelayMtlsIT extends RelayHarness {
  static TestCertificates hosts;
  static TestCertificates strangers;
  static Path clientCa;
  static Path revoked;
  static Path mtlsTokens;
  static Relay mtls;
  static Relay strict;
  private final List<FakeAgent> mine = new ArrayList<>();

  @BeforeAll
  static void startMtlsRelays() throws IOException {
    hosts =
        TestCertificates.create(dir.resolve("hosts"), "alpha", "bravo", "charlie", "delta")
            .withExpiredHosts("echo");
    strangers = TestCertificates.create(dir.resolve("strangers"), "alpha");
    clientCa = Files.copy(hosts.caCert(), dir.resolve("client-ca.pem"));
    revoked = Files.writeString(dir.resolve("revoked-certs"), "# none\n");
    mtlsTokens =
        Files.write(
            dir.resolve("mtls-tokens"),
            List.of(
                TokenFile.line("alpha", token("alpha")),
                TokenFile.line("foxtrot", "foxtrot-old"),
                TokenFile.line("foxtrot", "foxtrot-new"),
                TokenFile.line("golf", token("golf"))));
    mtls =
        Relay.start(
            config(mtlsTokens).clientCaFile(clientCa).revokedCertsFile(revoked).build(), kube);
    strict =
        Relay.start(
            config(mtlsTokens)
                .clientCaFile(hosts.caCert())
                .clientAuth(ClientAuthMode.REQUIRE)
                .build(),
            kube);
  }

  @AfterAll
  static void stopMtlsRelays() {
    if (mtls != null) {
      mtls.close();
    }
    if (strict != null) {
      strict.close();
    }
  }

  @AfterEach
  void closeMine() {
    mine.forEach(FakeAgent::close);
  }

  private FakeAgent withCert(Relay relay, TestCertificates ca, String host, String token) {
    FakeAgent a =
        FakeAgent.connectWithCertificate(
            relay.grpcPort(), certs.caCert(), ca.hostCert(host), ca.hostKey(host), token);
    mine.add(a);
    return a;
  }

  private FakeAgent withToken(Relay relay, String token) {
    FakeAgent a = FakeAgent.connect(relay.grpcPort(), certs.caCert(), token);
    mine.add(a);
    return a;
  }

  private static void hello(FakeAgent a, String host) {
    a.send(AgentMessage.newBuilder().setHello(FakeAgent.hello(host, 1, 1)).build());
  }

  private static void awaitCounted(DoubleSupplier counter, double before) {
    await().atMost(Duration.ofSeconds(5)).until(() -> counter.getAsDouble() > before);
  }

  @Test
  void aClientCertificateAloneIdentifiesItsHostByItsUriSan() {
    FakeAgent a = withCert(mtls, hosts, "alpha", null).helloAndResync("alpha", List.of());
    assertTrue(a.find(RelayMessage::hasWelcome).isPresent());
    assertFalse(a.isClosed());
  }

  @Test
  void aBearerTokenStillWorksWhenClientCertificatesAreOptional() {
    withToken(mtls, token("golf")).helloAndResync("golf", List.of());
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedInTheHandshakeAndCounted() {
    double before = mtls.metrics().authFailures("untrusted_certificate");
    FakeAgent a = withCert(mtls, strangers, "alpha", null);
    hello(a, "alpha");
    assertEquals(Status.Code.UNAVAILABLE, a.awaitClosed().getCode());
    assertTrue(a.find(RelayMessage::hasWelcome).isEmpty());
    awaitCounted(() -> mtls.metrics().authFailures("untrusted_certificate"), before);
  }

  @Test
  void anExpiredCertificateIsRefusedAndCounted() {
    double before = mtls.metrics().authFailures("expired_certificate");
    FakeAgent a =
        FakeAgent.connectWithCertificate(
            mtls.grpcPort(),
            certs.caCert(),
            hosts.expiredHostCert("echo"),
            hosts.expiredHostKey("echo"),
            null);
    mine.add(a);
    hello(a, "echo");
    assertEquals(Status.Code.UNAVAILABLE, a.awaitClosed().getCode());
    assertTrue(a.find(RelayMessage::hasWelcome).isEmpty());
    awaitCounted(() -> mtls.metrics().authFailures("expired_certificate"), before);
  }

  @Test
  void revokingACertificateClosesItsLiveSessionAtOnceAndRefusesItAfterwards() throws Exception {
    FakeAgent live = withCert(mtls, hosts, "bravo", null).helloAndResync("bravo", List.of());
    double before = mtls.metrics().authFailures("revoked_certificate");

    write(revoked, "serial=" + TestCertificates.serialOf(hosts.hostCert("bravo")) + "\n");

    RelayMessage bye = live.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_UNAUTHENTICATED, bye.getGoodbye().getReason());
    assertTrue(bye.getGoodbye().getMessage().contains("revoked"), bye.getGoodbye().getMessage());
    assertEquals(Status.Code.UNAUTHENTICATED, live.awaitClosed().getCode());
    awaitCounted(() -> mtls.metrics().authFailures("revoked_certificate"), before);

    double afterClose = mtls.metrics().authFailures("revoked_certificate");
    FakeAgent again = withCert(mtls, hosts, "bravo", null);
    hello(again, "bravo");
    assertTrue(again.awaitClosed().getCode() != Status.Code.OK);
    assertTrue(again.find(RelayMessage::hasWelcome).isEmpty());
    awaitCounted(() -> mtls.metrics().authFailures("revoked_certificate"), afterClose);
  }

  @Test
  void removingOneTokenClosesTheSessionUsingItThoughTheHostKeepsAnother() throws Exception {
    FakeAgent old = withToken(mtls, "foxtrot-old").helloAndResync("foxtrot", List.of());
    double before = mtls.metrics().authFailures("revoked_token");

    write(
        mtlsTokens,
        String.join(
                "\n",
                TokenFile.line("alpha", token("alpha")),
                TokenFile.line("foxtrot", "foxtrot-new"),
                TokenFile.line("golf", token("golf")))
            + "\n");

    RelayMessage bye = old.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_UNAUTHENTICATED, bye.getGoodbye().getReason());
    assertEquals(Status.Code.UNAUTHENTICATED, old.awaitClosed().getCode());
    awaitCounted(() -> mtls.metrics().authFailures("revoked_token"), before);
    withToken(mtls, "foxtrot-new").helloAndResync("foxtrot", List.of());
  }

  @Test
  void aCertificateAndATokenOfDifferentHostsAreRefused() {
    double before = mtls.metrics().authFailures("credentials_disagree");
    FakeAgent a = withCert(mtls, hosts, "charlie", token("alpha"));
    hello(a, "charlie");
    assertEquals(Status.Code.UNAUTHENTICATED, a.awaitClosed().getCode());
    assertEquals(before + 1, mtls.metrics().authFailures("credentials_disagree"));
  }

  @Test
  void aHostSayingHelloAsAnotherIsRefusedAndCounted() {
    double before = mtls.metrics().authFailures("host_mismatch");
    FakeAgent a = withCert(mtls, hosts, "delta", null);
    hello(a, "alpha");
    RelayMessage bye = a.await(RelayMessage::hasGoodbye);
    assertEquals(GoodbyeReason.GOODBYE_REASON_PROTOCOL_ERROR, bye.getGoodbye().getReason());
    assertEquals(Status.Code.PERMISSION_DENIED, a.awaitClosed().getCode());
    assertEquals(before + 1, mtls.metrics().authFailures("host_mismatch"));
  }

  @Test
  void requireRefusesATokenWithoutACertificateAndAcceptsACertificate() {
    double before = strict.metrics().authFailures("certificate_required");
    FakeAgent tokenOnly = withToken(strict, token("alpha"));
    hello(tokenOnly, "alpha");
    Status s = tokenOnly.awaitClosed();
    assertEquals(Status.Code.UNAUTHENTICATED, s.getCode());
    assertTrue(s.getDescription().contains("client certificate is required"), s.toString());
    assertEquals(before + 1, strict.metrics().authFailures("certificate_required"));

    withCert(strict, hosts, "charlie", null).helloAndResync("charlie", List.of());
  }

  @Test
  void aReplacedClientCaBundleIsTrustedWithoutARestart() throws Exception {
    TestCertificates next = TestCertificates.create(dir.resolve("next-ca"), "hotel");
    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(bundle, Files.readString(hosts.caCert()) + Files.readString(next.caCert()));
    Files.copy(bundle, clientCa, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(clientCa, FileTime.from(Instant.now().plusSeconds(3)));

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              FakeAgent a = withCert(mtls, next, "hotel", null);
              hello(a, "hotel");
              await()
                  .atMost(Duration.ofSeconds(5))
                  .until(() -> a.isClosed() || a.find(RelayMessage::hasResyncEnd).isPresent());
              return a.find(RelayMessage::hasResyncEnd).isPresent();
            });
    withCert(mtls, hosts, "alpha", null).helloAndResync("alpha", List.of());
  }

  private static void write(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
  }
}
