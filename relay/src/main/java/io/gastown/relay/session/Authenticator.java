package io.gastown.relay.session;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;

/**
 * Decides who a call comes from, from its authorization header and the client certificate the TLS
 * layer verified (against the client CA, expiry and revocation, unless the TLS session was resumed
 * — so expiry and revocation are checked again here). Both credentials may come together; then they
 * must name the same host. Also tells whether a live session's credential is still valid.
 */
public final class Authenticator {
  private static final String BEARER = "Bearer ";

  /** The outcome of authenticating one call. */
  public sealed interface Result {
    /** The call may proceed as {@code credential.host()}. */
    record Accepted(Credential credential) implements Result {}

    /** The call is refused; {@code detail} adds facts for the log (no secrets). */
    record Refused(AuthFailure reason, String detail) implements Result {}
  }

  private final TokenStore tokens;
  private final RevocationList revocations;
  private final Optional<ClientAuthMode> clientAuth;
  private final Clock clock;

  /**
   * @param clientAuth empty when no client CA is configured (client certificates are ignored)
   */
  public Authenticator(
      TokenStore tokens,
      RevocationList revocations,
      Optional<ClientAuthMode> clientAuth,
      Clock clock) {
    this.tokens = tokens;
    this.revocations = revocations;
    this.clientAuth = clientAuth;
    this.clock = clock;
  }

  public Result authenticate(Optional<String> authorization, Optional<X509Certificate> peer) {
    Optional<X509Certificate> cert = clientAuth.isPresent() ? peer : Optional.empty();
    Optional<String> certHost = Optional.empty();
    if (cert.isPresent()) {
      revocations.refresh();
      Optional<AuthFailure> invalid = certificateProblem(cert.get());
      if (invalid.isPresent()) {
        return refused(invalid.get(), cert.get());
      }
      certHost = CertificateIdentity.hostOf(cert.get());
      if (certHost.isEmpty()) {
        return refused(AuthFailure.NO_HOST_IN_CERTIFICATE, cert.get());
      }
    } else if (clientAuth.equals(Optional.of(ClientAuthMode.REQUIRE))) {
      return new Result.Refused(AuthFailure.CERTIFICATE_REQUIRED, "no client certificate");
    }
    if (authorization.isEmpty()) {
      return certHost.isPresent()
          ? new Result.Accepted(Credential.certificate(certHost.get(), cert.get()))
          : new Result.Refused(AuthFailure.MISSING_CREDENTIALS, "no credentials");
    }
    Optional<TokenFile.Entry> entry = tokenEntry(authorization.get());
    if (entry.isEmpty()) {
      return new Result.Refused(AuthFailure.UNKNOWN_TOKEN, "unknown or malformed bearer token");
    }
    String tokenHost = entry.get().host();
    if (certHost.isPresent() && !certHost.get().equals(tokenHost)) {
      return new Result.Refused(
          AuthFailure.CREDENTIALS_DISAGREE,
          "certificate of host " + certHost.get() + ", token of host " + tokenHost);
    }
    return new Result.Accepted(new Credential(tokenHost, Optional.of(entry.get().sha256()), cert));
  }

  /** Why a live session's credential is no longer good, if it is not. */
  public Optional<AuthFailure> stillValid(Credential credential) {
    if (credential.tokenSha256().isPresent()
        && !tokens.holds(credential.host(), credential.tokenSha256().get())) {
      return Optional.of(AuthFailure.REVOKED_TOKEN);
    }
    return credential.certificate().flatMap(this::certificateProblem);
  }

  private Optional<AuthFailure> certificateProblem(X509Certificate cert) {
    if (!clock.instant().isBefore(cert.getNotAfter().toInstant())) {
      return Optional.of(AuthFailure.EXPIRED_CERTIFICATE);
    }
    if (revocations.revoked(cert)) {
      return Optional.of(AuthFailure.REVOKED_CERTIFICATE);
    }
    return Optional.empty();
  }

  private Optional<TokenFile.Entry> tokenEntry(String header) {
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String token = header.substring(BEARER.length()).strip();
    return token.isEmpty() ? Optional.empty() : tokens.find(token);
  }

  private static Result refused(AuthFailure reason, X509Certificate cert) {
    return new Result.Refused(
        reason,
        cert.getSubjectX500Principal().getName() + ", serial " + CertificateIdentity.serial(cert));
  }
}
