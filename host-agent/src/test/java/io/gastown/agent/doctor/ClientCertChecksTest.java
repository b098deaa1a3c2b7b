package io.gastown.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.doctor.Finding.Level;
import io.gastown.testkit.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client certificates made by scripts/gen-certs.sh --host, as users make them. */
class ClientCertChecksTest {
  @TempDir static Path dir;
  static TestCertificates certs;
  final ClientCertChecks checks = new ClientCertChecks(Clock.systemUTC());

  @BeforeAll
  static void certificates() {
    certs = TestCertificates.create(dir.resolve("certs"), "laptop", "desk");
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
}
