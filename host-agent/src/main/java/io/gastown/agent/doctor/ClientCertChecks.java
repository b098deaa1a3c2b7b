package io.gastown.agent.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * mTLS: the client certificate is readable, valid now and for the next {@link #RENEW_WITHIN} (else
 * a warning), names this host (CN, or a URI SAN {@code gastown://host/<id>}), and the key file
 * holds the unencrypted PKCS#8 key that belongs to it (proved by signing and verifying), readable
 * by this user only. Findings name files, names and dates, never key material.
 */
final class ClientCertChecks {
  static final String URI_PREFIX = "gastown://host/";

  /** A certificate expiring sooner than this is reported, so that it is renewed in time. */
  static final Duration RENEW_WITHIN = Duration.ofDays(14);

  private static final int SAN_URI = 6;

  private final Clock clock;

  ClientCertChecks(Clock clock) {
    this.clock = clock;
  }

  /** How to get a new certificate for this host from the relay's client CA. */
  static String issueCommand(String hostId) {
    return "issue a new one from the relay's client CA: scripts/gen-certs.sh CA_DIR --host "
        + hostId
        + " (CA_DIR holds that CA's ca.pem and ca.key; a new key and serial), then point"
        + " clientCertFile and clientKeyFile at CA_DIR/host-"
        + hostId
        + ".pem and .key (the agent reads them at its next dial)";
  }

  Finding check(String check, Path certFile, Path keyFile, String hostId) {
    String fixCert =
        "point clientCertFile at this host's certificate (PEM), or " + issueCommand(hostId);
    X509Certificate cert;
    if (!Files.exists(certFile)) {
      return Finding.fail(check, certFile + " does not exist", fixCert);
    }
    if (!Files.isReadable(certFile) || Files.isDirectory(certFile)) {
      return Finding.fail(
          check,
          certFile + " is not a file this user can read",
          "make it readable by the agent's user (chmod 644 " + certFile + "), or " + fixCert);
    }
    try {
      List<X509Certificate> certs = CredentialChecks.certificates(certFile);
      if (certs.isEmpty()) {
        return Finding.fail(check, certFile + " holds no PEM certificate", fixCert);
      }
      cert = certs.get(0);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return Finding.fail(check, certFile + " holds no readable PEM certificate", fixCert);
    }
    Instant now = clock.instant();
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    if (now.isBefore(notBefore)) {
      return Finding.fail(
          check,
          certFile + " is not valid yet: from " + notBefore + ", and this host's clock says " + now,
          "check this host's clock (timedatectl), or " + issueCommand(hostId));
    }
    if (now.isAfter(notAfter)) {
      return Finding.fail(
          check,
          certFile + " expired on " + notAfter + ": the relay refuses it",
          issueCommand(hostId));
    }
    List<String> names = hostIds(cert);
    if (!names.contains(hostId)) {
      return Finding.fail(
          check,
          certFile + " names host(s) " + names + ", not '" + hostId + "'",
          "use the certificate issued for '" + hostId + "', or set hostId to the one it names");
    }
    Optional<String> keyProblem = keyProblem(keyFile, cert);
    if (keyProblem.isPresent()) {
      return Finding.fail(
          check,
          keyProblem.get(),
          "point clientKeyFile at the certificate's key in unencrypted PKCS#8"
              + " (openssl pkcs8 -topk8 -nocrypt)");
    }
    Optional<Finding> permissions = CredentialChecks.permissions(check, keyFile);
    if (permissions.isPresent() && permissions.get().level() == Finding.Level.FAIL) {
      return permissions.get();
    }
    Duration left = Duration.between(now, notAfter);
    if (left.compareTo(RENEW_WITHIN) < 0) {
      String detail =
          certFile
              + " expires on "
              + notAfter
              + ", in "
              + describe(left)
              + "; then the relay refuses it";
      String fix = "renew it now: " + issueCommand(hostId);
      return permissions
          .map(p -> Finding.warn(check, detail + "; " + p.detail(), fix + "; " + p.fix()))
          .orElse(Finding.warn(check, detail, fix));
    }
    return permissions.orElse(
        Finding.ok(
            check,
            certFile
                + " names '"
                + hostId
                + "', valid until "
                + notAfter
                + "; its key is "
                + keyFile));
  }

  /** "3 days", "5 hours", "12 minutes": how long a certificate has left, coarsely. */
  static String describe(Duration left) {
    if (left.toDays() >= 2) {
      return left.toDays() + " days";
    }
    if (left.toHours() >= 2) {
      return left.toHours() + " hours";
    }
    return Math.max(0, left.toMinutes()) + " minutes";
  }

  /** The host ids a certificate names, as the relay reads them. */
  static List<String> hostIds(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          out.add(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      // no CN to offer
    }
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() == 2
              && Integer.valueOf(SAN_URI).equals(san.get(0))
              && san.get(1) instanceof String uri
              && uri.startsWith(URI_PREFIX)) {
            out.add(uri.substring(URI_PREFIX.length()));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // no SANs to offer
    }
    return out;
  }

  private static Optional<String> keyProblem(Path keyFile, X509Certificate cert) {
    String pem;
    try {
      pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      return Optional.of(keyFile + " is missing or not readable");
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      return Optional.of(keyFile + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY)");
    }
    try {
      byte[] der =
          Base64.getMimeDecoder()
              .decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
      String algorithm = cert.getPublicKey().getAlgorithm();
      PrivateKey key =
          KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      String signing = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256with" + algorithm;
      byte[] nonce = "gastown doctor".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(signing);
      sign.initSign(key);
      sign.update(nonce);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(signing);
      verify.initVerify(cert.getPublicKey());
      verify.update(nonce);
      if (!verify.verify(signature)) {
        return Optional.of(keyFile + " is not the key of the client certificate");
      }
      return Optional.empty();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // Only the exception's kind: its message could quote bytes of the key.
      return Optional.of(
          keyFile
              + " is not the key of the client certificate ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }
}
