package io.gastown.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.doctor.Finding.Level;
import io.gastown.agent.link.ChannelFactory;
import io.gastown.agent.testing.TestRelay;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.ProtocolVersion;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Welcome;
import io.gastown.testkit.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe over real TLS gRPC against the test relay: what each failure really looks like. */
class RelayProbeIT {
  @TempDir static Path certDir;
  @TempDir Path dir;
  static TestCertificates certs;
  static TestCertificates otherCa;
  static TestRelay relay;
  Path token;
  final RelayProbe probe =
      new RelayProbe(
          r -> ChannelFactory.create(r, Map.of()), Clock.systemUTC(), Doctor.PROBE_TIMEOUT);

  @BeforeAll
  static void start() throws IOException {
    certs = TestCertificates.create(certDir.resolve("certs"));
    otherCa = TestCertificates.create(certDir.resolve("other"));
    relay = TestRelay.startTls(certs);
    relay.requiredAuthorization = "Bearer right-token";
    relay.onHello = hello -> List.of(welcome(hello));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    relay.close();
  }

  @BeforeEach
  void token() throws IOException {
    relay.hellos.clear();
    token = Files.writeString(dir.resolve("token"), "right-token\n");
  }

  static RelayMessage welcome(Hello hello) {
    Welcome.Builder w =
        Welcome.newBuilder()
            .setProtocol(ProtocolVersion.newBuilder().setMajor(1).setMinor(1))
            .setRelayId("test-relay")
            .setClusterName("test");
    if (hello.getCapabilitiesList().contains("probe")) {
      w.addCapabilities("probe");
    }
    return RelayMessage.newBuilder().setWelcome(w).build();
  }

  List<Finding> check(RelayConfig r) {
    return ProbeVerdict.findings(r, "laptop", probe.probe(r, "laptop"));
  }

  RelayConfig config() {
    return RelayConfig.of("test", relay.address()).withTokenFile(token).withCaFile(certs.caCert());
  }

  @Test
  void aRelayThatAcceptsTheTokenGivesTwoOkLinesAndSawOnlyAProbeHello() {
    List<Finding> f = check(config());
    assertEquals(
        List.of(Level.OK, Level.OK), f.stream().map(Finding::level).toList(), f.toString());
    Hello hello = relay.hellos.get(0);
    assertEquals("laptop", hello.getHostId());
    assertEquals(List.of("probe"), hello.getCapabilitiesList());
    assertEquals(0, hello.getInventoryCount());
  }

  @Test
  void aWrongTokenIsReportedAsUnauthenticated() throws IOException {
    Files.writeString(token, "wrong-token\n");
    List<Finding> f = check(config());
    assertEquals(Level.OK, f.get(0).level(), f.toString());
    assertEquals(Level.FAIL, f.get(1).level());
    assertTrue(f.get(1).detail().contains("UNAUTHENTICATED"), f.get(1).line());
  }

  @Test
  void aCaThatDidNotSignTheRelaysCertificateIsNamed() {
    TestCertificates other = otherCa;
    List<Finding> f = check(config().withCaFile(other.caCert()));
    assertEquals(1, f.size(), f.toString());
    assertEquals(Level.FAIL, f.get(0).level());
    assertTrue(
        f.get(0).detail().contains("not signed by a CA in " + other.caCert()), f.get(0).line());
  }

  @Test
  void aClosedPortIsUnreachable() {
    List<Finding> f = check(RelayConfig.of("down", "127.0.0.1:1").withTokenFile(token));
    assertEquals(1, f.size(), f.toString());
    assertTrue(f.get(0).detail().contains("127.0.0.1:1 is not reachable"), f.get(0).line());
  }

  @Test
  void aServerThatNeverAnswersRunsIntoTheDeadline() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      List<Finding> f =
          check(
              RelayConfig.of("silent", "127.0.0.1:" + silent.getLocalPort()).withTokenFile(token));
      assertEquals(1, f.size(), f.toString());
      assertEquals(Level.FAIL, f.get(0).level());
      assertTrue(f.get(0).detail().contains("no answer"), f.get(0).line());
    }
  }

  @Test
  void aPlaintextServerFailsTheTlsHandshake() throws Exception {
    try (TestRelay plain = TestRelay.startPlaintext()) {
      List<Finding> f = check(RelayConfig.of("plain", plain.address()).withTokenFile(token));
      assertEquals(Level.FAIL, f.get(0).level(), f.toString());
      assertEquals("relay plain", f.get(0).check());
    }
  }
}
