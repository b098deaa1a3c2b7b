package io.gastown.relay.session;

/**
 * Why a host was refused, as the {@code reason} label of {@code gastown_relay_auth_failures_total}
 * and in logs. None of these messages ever carries a token or key material.
 */
public enum AuthFailure {
  /** Neither a bearer token nor a client certificate. */
  MISSING_CREDENTIALS("missing_credentials", "no bearer token and no client certificate"),
  /** A bearer token the tokens file does not hold, or a malformed authorization header. */
  UNKNOWN_TOKEN("unknown_token", "missing or unknown bearer token"),
  /** RELAY_CLIENT_AUTH=require and the call came without a client certificate. */
  CERTIFICATE_REQUIRED("certificate_required", "a client certificate is required"),
  /**
   * A client certificate that does not chain to RELAY_CLIENT_CA_FILE (refused in the handshake).
   */
  UNTRUSTED_CERTIFICATE("untrusted_certificate", "the client certificate is not trusted"),
  /** A client certificate past its notAfter (in the handshake, or later on a live session). */
  EXPIRED_CERTIFICATE("expired_certificate", "the client certificate has expired"),
  /** A client certificate listed in RELAY_REVOKED_CERTS_FILE. */
  REVOKED_CERTIFICATE("revoked_certificate", "the client certificate was revoked"),
  /** A live session's token was removed from the tokens file. */
  REVOKED_TOKEN("revoked_token", "the bearer token was revoked"),
  /** A trusted certificate naming no valid host id (CN or URI SAN gastown://host/<id>). */
  NO_HOST_IN_CERTIFICATE(
      "invalid_certificate_identity",
      "the client certificate names no host id (CN or URI gastown://host/<id>)"),
  /** A certificate and a token that belong to different hosts. */
  CREDENTIALS_DISAGREE(
      "credentials_disagree", "the client certificate and the bearer token name different hosts"),
  /** An authenticated host saying Hello as another host (asking for its resources). */
  HOST_MISMATCH("host_mismatch", "Hello names another host than the credentials");

  private final String label;
  private final String message;

  AuthFailure(String label, String message) {
    this.label = label;
    this.message = message;
  }

  /** The metric label value. */
  public String label() {
    return label;
  }

  /** A sentence for the refused host and the log. */
  public String message() {
    return message;
  }
}
