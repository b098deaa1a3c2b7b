package io.gastown.relay.session;

import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.relay.metrics.RelayMetrics;
import io.grpc.Status;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes live sessions whose credential stopped being valid: a token removed from the tokens file,
 * a certificate added to the revocation list or past its notAfter. Run by the liveness ticker (at
 * least once a second), after re-reading both files, so revocation takes effect on open streams
 * within a second and without a restart.
 */
public final class CredentialSweep {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialSweep.class);

  private final TokenStore tokens;
  private final RevocationList revocations;
  private final Authenticator authenticator;
  private final RelayMetrics metrics;

  public CredentialSweep(
      TokenStore tokens,
      RevocationList revocations,
      Authenticator authenticator,
      RelayMetrics metrics) {
    this.tokens = tokens;
    this.revocations = revocations;
    this.authenticator = authenticator;
    this.metrics = metrics;
  }

  void sweep(SessionRegistry registry) {
    tokens.refresh();
    revocations.refresh();
    for (Session s : registry.openSessions()) {
      if (s.ended()) {
        continue;
      }
      Optional<AuthFailure> problem = authenticator.stillValid(s.credential());
      if (problem.isPresent()) {
        metrics.authFailure(problem.get().label());
        LOG.warn(
            "host {}: closing its session: {} ({})",
            s.host(),
            problem.get().message(),
            s.credential().describe());
        s.goodbye(
            GoodbyeReason.GOODBYE_REASON_UNAUTHENTICATED,
            problem.get().message(),
            Status.UNAUTHENTICATED);
      }
    }
  }
}
