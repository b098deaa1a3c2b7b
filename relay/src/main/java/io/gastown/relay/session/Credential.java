package io.gastown.relay.session;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * What a session was authenticated with: its host id, the SHA-256 of its bearer token (the tokens
 * file holds the same hash, so it is no secret) and/or its verified client certificate. The session
 * lives only as long as every part stays valid.
 */
public record Credential(
    String host, Optional<byte[]> tokenSha256, Optional<X509Certificate> certificate) {

  public static Credential token(String host, byte[] sha256) {
    return new Credential(host, Optional.of(sha256), Optional.empty());
  }

  public static Credential certificate(String host, X509Certificate cert) {
    return new Credential(host, Optional.empty(), Optional.of(cert));
  }

  /** For logs: the kind of credential and the certificate's serial, never the token. */
  public String describe() {
    String cert =
        certificate
            .map(c -> "client certificate serial " + CertificateIdentity.serial(c))
            .orElse("");
    String token = tokenSha256.isPresent() ? "bearer token" : "";
    if (cert.isEmpty()) {
      return token;
    }
    return token.isEmpty() ? cert : cert + " and " + token;
  }
}
