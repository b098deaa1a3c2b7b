package io.gastown.agent.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files a relay connection needs: the bearer token (readable, one printable word, not readable
 * by other users) and the CA bundle (PEM certificates, valid now). Reads secrets only to check
 * their shape; never prints them.
 */
final class CredentialChecks {
  private final Clock clock;

  CredentialChecks(Clock clock) {
    this.clock = clock;
  }

  Finding token(String check, Path file) {
    if (!Files.isRegularFile(file)) {
      return Finding.fail(
          check, file + " does not exist", "write this host's token to it (one line)");
    }
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException | RuntimeException e) {
      return Finding.fail(
          check, file + " is not readable", "make it readable by the user running the agent");
    }
    if (token.isEmpty()) {
      return Finding.fail(check, file + " is empty", "write this host's token to it (one line)");
    }
    if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      return Finding.fail(
          check,
          file + " holds spaces, line breaks or non-ASCII characters inside the token",
          "write only the token, on one line");
    }
    return permissions(check, file)
        .orElse(Finding.ok(check, file + " holds a token (" + token.length() + " characters)"));
  }

  /** Secrets readable by others are a FAIL; any group access a WARN. Empty: permissions fine. */
  static Optional<Finding> permissions(String check, Path file) {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException | IOException e) {
      return Optional.empty(); // not a POSIX file system: nothing to say
    }
    String fix = "chmod 600 " + file;
    if (perms.contains(PosixFilePermission.OTHERS_READ)
        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      return Optional.of(
          Finding.fail(check, file + " can be read or written by every user of this host", fix));
    }
    if (perms.contains(PosixFilePermission.GROUP_READ)
        || perms.contains(PosixFilePermission.GROUP_WRITE)) {
      return Optional.of(Finding.warn(check, file + " can be read by its group", fix));
    }
    return Optional.empty();
  }

  Finding ca(String check, Path file) {
    String fix = "point caFile at the PEM bundle of the CA that signed the relay's certificate";
    if (!Files.isReadable(file)) {
      return Finding.fail(check, file + " is missing or not readable", fix);
    }
    List<X509Certificate> certs;
    try {
      certs = certificates(file);
    } catch (IOException | CertificateException | RuntimeException e) {
      return Finding.fail(check, file + " holds no readable PEM certificate", fix);
    }
    if (certs.isEmpty()) {
      return Finding.fail(check, file + " holds no PEM certificate", fix);
    }
    Instant now = clock.instant();
    long valid = certs.stream().filter(c -> validAt(c, now)).count();
    if (valid == 0) {
      return Finding.fail(
          check,
          file + ": every certificate is expired or not yet valid (" + describe(certs.get(0)) + ")",
          "get the relay's current CA bundle");
    }
    X509Certificate first = certs.stream().filter(c -> validAt(c, now)).findFirst().orElseThrow();
    String more = certs.size() > 1 ? " and " + (certs.size() - 1) + " more" : "";
    return Finding.ok(check, file + ": " + describe(first) + more);
  }

  static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends java.security.cert.Certificate> all =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      return all.stream()
          .filter(X509Certificate.class::isInstance)
          .map(X509Certificate.class::cast)
          .toList();
    }
  }

  private static boolean validAt(X509Certificate c, Instant now) {
    return !now.isBefore(c.getNotBefore().toInstant()) && !now.isAfter(c.getNotAfter().toInstant());
  }

  private static String describe(X509Certificate c) {
    return c.getSubjectX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant();
  }
}
