package io.gastown.agent.link;

import io.grpc.Status;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Names the security reason a stream failed, for the {@code reason} label of {@code
 * gastown_agent_relay_auth_failures_total}: {@code untrusted_relay} (this agent refused the relay's
 * certificate: wrong CA, wrong name, expired), {@code refused_by_relay_tls} (the relay refused this
 * agent's client certificate in the handshake), {@code unauthenticated} and {@code
 * permission_denied} (the relay refused the credentials or the host id). Other failures have none.
 */
final class LinkFailures {
  static final String UNTRUSTED_RELAY = "untrusted_relay";
  static final String REFUSED_BY_RELAY_TLS = "refused_by_relay_tls";
  static final String UNAUTHENTICATED = "unauthenticated";
  static final String PERMISSION_DENIED = "permission_denied";

  private LinkFailures() {}

  static Optional<String> reason(Status status) {
    if (status.getCode() == Status.Code.UNAUTHENTICATED) {
      return Optional.of(UNAUTHENTICATED);
    }
    if (status.getCode() == Status.Code.PERMISSION_DENIED) {
      return Optional.of(PERMISSION_DENIED);
    }
    for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof CertPathValidatorException) {
        return Optional.of(UNTRUSTED_RELAY);
      }
      if (t instanceof SSLException) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("alert")) {
          return Optional.of(REFUSED_BY_RELAY_TLS);
        }
        if (m.contains("certificate") || m.contains("pkix") || m.contains("unable to find")) {
          return Optional.of(UNTRUSTED_RELAY);
        }
      }
    }
    return Optional.empty();
  }
}
