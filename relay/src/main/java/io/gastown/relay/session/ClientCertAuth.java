package io.gastown.relay.session;

import java.nio.file.Path;
import java.util.Optional;

/**
 * mTLS settings of the relay: the CA that signs host client certificates, whether a certificate is
 * required, and the revocation list. All files are re-read when they change.
 *
 * @param caFile PEM bundle of the CA(s) whose client certificates identify hosts
 *     (RELAY_CLIENT_CA_FILE)
 * @param mode optional or require (RELAY_CLIENT_AUTH)
 * @param revokedCertsFile serial numbers or SHA-256 fingerprints of revoked client certificates
 *     (RELAY_REVOKED_CERTS_FILE)
 */
public record ClientCertAuth(Path caFile, ClientAuthMode mode, Optional<Path> revokedCertsFile) {}
