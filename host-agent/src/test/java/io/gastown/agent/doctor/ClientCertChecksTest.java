package io.gastown.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.doctor.Finding.Level;
import io.gastown.testkit.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates made by scripts/gen-certs.sh --host (and --expired-host), as users make them:
 * each problem is named with what to run, and no finding ever quotes the key.
 */
class ClientCertChecksTest {
  @TempDir static Path dir;
  static TestCertificates certs;
  final ClientCertChecks checks = new ClientCertChecks(Clock.systemUTC());

  @BeforeAll
  static void certificates() {
    certs = TestCertificates.create(dir.resolve("certs"), "laptop", "desk").withExpiredHosts("old");
  }

  @Test
  void theHostsOwnCertificateAndKeyPass() {
    Finding f = checks.check("c", certs.hostCert("laptop"), certs.hostKey("laptop"), "laptop");
    assertEquals(Level.OK, f.level(), f.line());
    assertTrue(f.detail().contains("names 'laptop'"), f.line());
  }

  @Test
  void theCertificateNamesTheHostInItsCnAndUriSan() throws Exception {
    assertEquals(
        List.of("laptop", "laptop"),
        ClientCertChecks.hostIds(CredentialChecks.certificates(certs.hostCert("laptop")).get(0)));
  }

  @Test
  void anotherHostsCertificateFailsNamingBoth() {
    Finding f = checks.check("c", certs.hostCert("desk"), certs.hostKey("desk"), "laptop");
    assertEquals(Level.FAIL, f.level());
    assertTrue(f.detail().contains("[desk, desk], not 'laptop'"), f.line());
  }

  @Test
  void aKeyOfAnotherCertificateFails() {
    Finding f = checks.check("c", certs.hostCert("laptop"), certs.hostKey("desk"), "laptop");
    assertEquals(Level.FAIL, f.level());
    assertTrue(f.detail().contains("is not the key of the client certificate"), f.line());
  }

  @Test
  void anUnreadableOrNonPkcs8KeyFails() throws IOException {
    Path rsaStyle =
        Files.writeString(dir.resolve("k.pem"), "-----BEGIN EC PRIVATE KEY-----\nAA==\n");
    Finding f = checks.check("c", certs.hostCert("laptop"), rsaStyle, "laptop");
    assertEquals(Level.FAIL, f.level());
    assertTrue(f.detail().contains("not an unencrypted PKCS#8"), f.line());
    assertEquals(
        Level.FAIL,
        checks.check("c", certs.hostCert("laptop"), dir.resolve("absent"), "laptop").level());
  }

  @Test
  void anExpiredCertificateFails() {
    Clock later = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofDays(3 * 365));
    Finding f =
        new ClientCertChecks(later)
            .check("c", certs.hostCert("laptop"), certs.hostKey("laptop"), "laptop");
    assertEquals(Level.FAIL, f.level());
    assertTrue(f.detail().contains("expired"), f.line());
  }

  @Test
  void aCertificateThatExpiredFailsWithTheCommandThatIssuesANewOne() {
    Finding f = checks.check("c", certs.expiredHostCert("old"), certs.expiredHostKey("old"), "old");
    assertEquals(Level.FAIL, f.level(), f.line());
    assertTrue(f.detail().contains("expired on 2020-01-02T00:00:00Z"), f.line());
    assertTrue(f.fix().contains("scripts/gen-certs.sh CA_DIR --host old"), f.line());
    assertTrue(f.fix().contains("clientCertFile and clientKeyFile"), f.line());
  }

  @Test
  void aCertificateNotValidYetFailsAndSuspectsTheClock() throws Exception {
    Instant notBefore = notBefore(certs.hostCert("laptop"));
    Clock earlier = Clock.fixed(notBefore.minus(Duration.ofDays(1)), ZoneOffset.UTC);
    Finding f =
        new ClientCertChecks(earlier)
            .check("c", certs.hostCert("laptop"), certs.hostKey("laptop"), "laptop");
    assertEquals(Level.FAIL, f.level(), f.line());
    assertTrue(f.detail().contains("is not valid yet: from " + notBefore), f.line());
    assertTrue(f.fix().contains("check this host's clock"), f.line());
    assertTrue(f.fix().contains("scripts/gen-certs.sh CA_DIR --host laptop"), f.line());
  }

  @Test
  void aCertificateExpiringWithinFourteenDaysWarnsWithTheRenewal() throws Exception {
    Instant notAfter = notAfter(certs.hostCert("laptop"));
    Clock soon = Clock.fixed(notAfter.minus(Duration.ofDays(10)), ZoneOffset.UTC);
    Finding f =
        new ClientCertChecks(soon)
            .check("c", certs.hostCert("laptop"), certs.hostKey("laptop"), "laptop");
    assertEquals(Level.WARN, f.level(), f.line());
    assertTrue(f.detail().contains("expires on " + notAfter + ", in 10 days"), f.line());
    assertTrue(f.fix().startsWith("renew it now: "), f.line());
    assertTrue(f.fix().contains("scripts/gen-certs.sh CA_DIR --host laptop"), f.line());

    Clock hoursLeft = Clock.fixed(notAfter.minus(Duration.ofHours(5)), ZoneOffset.UTC);
    Finding g =
        new ClientCertChecks(hoursLeft)
            .check("c", certs.hostCert("laptop"), certs.hostKey("laptop"), "laptop");
    assertTrue(g.detail().contains("in 5 hours"), g.line());
  }

  @Test
  void fifteenDaysLeftIsStillOk() throws Exception {
    Instant notAfter = notAfter(certs.hostCert("laptop"));
    Clock later = Clock.fixed(notAfter.minus(Duration.ofDays(15)), ZoneOffset.UTC);
    Finding f =
        new ClientCertChecks(later)
            .check("c", certs.hostCert("laptop"), certs.hostKey("laptop"), "laptop");
    assertEquals(Level.OK, f.level(), f.line());
  }

  @Test
  void aSoonExpiringCertificateWithAGroupReadableKeyWarnsAboutBoth() throws Exception {
    Path key = Files.copy(certs.hostKey("laptop"), dir.resolve("group-readable.key"));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
    Instant notAfter = notAfter(certs.hostCert("laptop"));
    Clock soon = Clock.fixed(notAfter.minus(Duration.ofDays(3)), ZoneOffset.UTC);
    Finding f = new ClientCertChecks(soon).check("c", certs.hostCert("laptop"), key, "laptop");
    assertEquals(Level.WARN, f.level(), f.line());
    assertTrue(f.detail().contains("in 3 days"), f.line());
    assertTrue(f.detail().contains("can be read by its group"), f.line());
    assertTrue(f.fix().contains("chmod 600 " + key), f.line());
  }

  @Test
  void aMissingUnreadableOrGarbageCertificateFileFailsNamingIt() throws IOException {
    Path key = certs.hostKey("laptop");
    Finding missing = checks.check("c", dir.resolve("nope.pem"), key, "laptop");
    assertEquals(Level.FAIL, missing.level());
    assertTrue(missing.detail().endsWith("nope.pem does not exist"), missing.line());
    assertTrue(missing.fix().contains("scripts/gen-certs.sh CA_DIR --host laptop"), missing.line());

    Path directory = Files.createDirectories(dir.resolve("a-directory.pem"));
    Finding unreadable = checks.check("c", directory, key, "laptop");
    assertEquals(Level.FAIL, unreadable.level());
    assertTrue(unreadable.detail().contains("is not a file this user can read"), unreadable.line());

    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
    Finding notPem = checks.check("c", garbage, key, "laptop");
    assertEquals(Level.FAIL, notPem.level());
    assertTrue(notPem.detail().contains("holds no"), notPem.line());
  }

  @Test
  void noFindingQuotesTheKey() throws Exception {
    List<String> keyLines =
        Files.readAllLines(certs.hostKey("laptop")).stream()
            .filter(l -> !l.startsWith("-----"))
            .toList();
    assertFalse(keyLines.isEmpty());
    Instant notAfter = notAfter(certs.hostCert("laptop"));
    Path notPkcs8 =
        Files.writeString(
            dir.resolve("pkcs1.key"),
            "-----BEGIN PRIVATE KEY-----\n"
                + String.join("\n", keyLines).substring(4)
                + "\n-----END PRIVATE KEY-----\n");
    List<Finding> findings =
        List.of(
            checks.check("c", certs.hostCert("laptop"), certs.hostKey("laptop"), "laptop"),
            checks.check("c", certs.hostCert("desk"), certs.hostKey("laptop"), "desk"),
            checks.check("c", certs.hostCert("laptop"), notPkcs8, "laptop"),
            checks.check("c", certs.hostKey("laptop"), certs.hostKey("laptop"), "laptop"),
            new ClientCertChecks(Clock.fixed(notAfter.minus(Duration.ofDays(1)), ZoneOffset.UTC))
                .check("c", certs.hostCert("laptop"), certs.hostKey("laptop"), "laptop"));
    for (Finding f : findings) {
      for (String line : keyLines) {
        assertFalse(f.line().contains(line), f.line());
        assertFalse(f.line().contains(line.substring(8, 24)), f.line());
      }
    }
  }

  private static Instant notBefore(Path cert) throws Exception {
    return CredentialChecks.certificates(cert).get(0).getNotBefore().toInstant();
  }

  private static Instant notAfter(Path cert) throws Exception {
    return CredentialChecks.certificates(cert).get(0).getNotAfter().toInstant();
  }
}
