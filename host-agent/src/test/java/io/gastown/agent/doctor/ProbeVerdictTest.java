package io.gastown.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.doctor.Finding.Level;
import io.gastown.proto.v1.Goodbye;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.ProtocolVersion;
import io.gastown.proto.v1.Welcome;
import io.grpc.Status;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Each way a relay can answer the probe becomes the line that names it and its fix. */
class ProbeVerdictTest {
  final RelayConfig relay =
      RelayConfig.of("prod", "relay.example.com:443")
          .withTokenFile(Path.of("/etc/token"))
          .withCaFile(Path.of("/etc/ca.pem"));

  List<Finding> verdict(ProbeResult r) {
    return ProbeVerdict.findings(relay, "laptop", r);
  }

  static Welcome.Builder welcome() {
    return Welcome.newBuilder()
        .setProtocol(ProtocolVersion.newBuilder().setMajor(1).setMinor(1))
        .setClusterName("prod-eu")
        .setRelayId("relay-0")
        .setRelayVersion("0.1.0");
  }

  @Test
  void aWelcomeToAProbeIsTwoOkLines() {
    List<Finding> f = verdict(new ProbeResult.Welcomed(welcome().addCapabilities("probe").build()));
    assertEquals(2, f.size());
    assertEquals(Level.OK, f.get(0).level());
    assertTrue(f.get(0).detail().contains("TLS verified against /etc/ca.pem"), f.get(0).line());
    assertEquals("relay prod auth", f.get(1).check());
    assertEquals(Level.OK, f.get(1).level());
    assertTrue(f.get(1).detail().contains("host 'laptop'"), f.get(1).line());
    assertTrue(f.get(1).detail().contains("cluster 'prod-eu'"), f.get(1).line());
  }

  @Test
  void aRelayThatDoesNotKnowProbesIsAWarning() {
    List<Finding> f = verdict(new ProbeResult.Welcomed(welcome().build()));
    assertEquals(Level.WARN, f.get(1).level());
    assertTrue(f.get(1).detail().contains("does not know doctor probes"), f.get(1).line());
  }

  @Test
  void anUnknownTokenIsUnauthenticatedWithTheHashToRegister() {
    List<Finding> f =
        verdict(
            new ProbeResult.Failed(
                Status.UNAUTHENTICATED.withDescription("missing or unknown bearer token")));
    assertEquals(Level.OK, f.get(0).level(), "TLS worked");
    Finding auth = f.get(1);
    assertEquals(Level.FAIL, auth.level());
    assertTrue(
        auth.detail().contains("UNAUTHENTICATED: missing or unknown bearer token"), auth.line());
    assertTrue(auth.fix().contains("tokens.hashes.laptop"), auth.line());
  }

  @Test
  void anotherMajorVersionIsNamed() {
    Goodbye bye =
        Goodbye.newBuilder()
            .setReason(GoodbyeReason.GOODBYE_REASON_INCOMPATIBLE_VERSION)
            .setMessage("the host agent speaks protocol 1.1 and this relay speaks 2.0")
            .build();
    Finding f = verdict(new ProbeResult.Refused(bye, Status.FAILED_PRECONDITION)).get(1);
    assertEquals(Level.FAIL, f.level());
    assertTrue(f.detail().startsWith("incompatible version: the host agent speaks"), f.line());
    assertTrue(f.fix().contains("upgrade the older"), f.line());
  }

  @Test
  void aTokenOfAnotherHostIsNamed() {
    Goodbye bye =
        Goodbye.newBuilder()
            .setReason(GoodbyeReason.GOODBYE_REASON_PROTOCOL_ERROR)
            .setMessage("Hello.host_id \"laptop\" is not the authenticated host \"desk\"")
            .build();
    Finding f = verdict(new ProbeResult.Refused(bye, Status.PERMISSION_DENIED)).get(1);
    assertEquals(Level.FAIL, f.level());
    assertTrue(f.detail().contains("belong to another host"), f.line());
  }

  @Test
  void tlsFailuresSayWhetherItIsTheCaTheNameOrNoTls() {
    Finding ca = tls("PKIX path building failed: unable to find valid certification path");
    assertTrue(ca.detail().contains("not signed by a CA in /etc/ca.pem"), ca.line());
    Finding name = tls("No subject alternative DNS name matching relay.example.com found.");
    assertTrue(name.detail().contains("does not name relay.example.com"), name.line());
    assertTrue(name.fix().contains("serverNameOverride"), name.line());
    Finding plain = tls("not an SSL/TLS record: 0000");
    assertTrue(plain.detail().contains("does not speak TLS"), plain.line());
  }

  private Finding tls(String message) {
    Status s =
        Status.UNAVAILABLE.withCause(new RuntimeException(new SSLHandshakeException(message)));
    List<Finding> f = verdict(new ProbeResult.Failed(s));
    assertEquals(1, f.size(), "no auth line when TLS failed");
    assertEquals(Level.FAIL, f.get(0).level());
    assertEquals("relay prod", f.get(0).check());
    return f.get(0);
  }

  @Test
  void unreachableAndSilentRelaysFailTheReachLineOnly() {
    List<Finding> refused =
        verdict(
            new ProbeResult.Failed(
                Status.UNAVAILABLE.withCause(new ConnectException("Connection refused"))));
    assertEquals(1, refused.size());
    assertTrue(refused.get(0).detail().contains("is not reachable (Connection refused)"));
    List<Finding> silent = verdict(new ProbeResult.Failed(Status.DEADLINE_EXCEEDED));
    assertEquals(1, silent.size());
    assertTrue(silent.get(0).detail().contains("no answer"), silent.get(0).line());
  }

  @Test
  void aTokenFileThatCannotBeReadIsNotSent() {
    List<Finding> f =
        verdict(
            new ProbeResult.Failed(
                Status.UNAUTHENTICATED.withDescription("cannot read token file /etc/token")));
    assertEquals(Level.FAIL, f.get(1).level());
    assertTrue(f.get(1).detail().startsWith("no token sent"), f.get(1).line());
  }
}
