package io.gastown.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class LinkFailuresTest {

  @Test
  void refusalsOfOurCredentialsAreNamed() {
    assertEquals(Optional.of("unauthenticated"), LinkFailures.reason(Status.UNAUTHENTICATED));
    assertEquals(Optional.of("permission_denied"), LinkFailures.reason(Status.PERMISSION_DENIED));
  }

  @Test
  void aRelayCertificateWeDoNotTrustIsUntrustedRelay() {
    SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed");
    e.initCause(new CertificateException("unable to find valid certification path"));
    assertEquals(
        Optional.of("untrusted_relay"), LinkFailures.reason(Status.UNAVAILABLE.withCause(e)));
  }

  @Test
  void anAlertFromTheRelayMeansItRefusedOurCertificate() {
    assertEquals(
        Optional.of("refused_by_relay_tls"),
        LinkFailures.reason(
            Status.UNAVAILABLE.withCause(
                new SSLHandshakeException("Received fatal alert: certificate_expired"))));
  }

  @Test
  void otherFailuresHaveNoSecurityReason() {
    assertEquals(Optional.empty(), LinkFailures.reason(Status.UNAVAILABLE));
    assertEquals(
        Optional.empty(),
        LinkFailures.reason(
            Status.UNAVAILABLE.withCause(new java.net.ConnectException("refused"))));
  }
}
