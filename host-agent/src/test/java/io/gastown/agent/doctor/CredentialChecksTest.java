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
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialChecksTest {
  static final String SECRET = "s3cret-token-value";
  @TempDir Path dir;
  final CredentialChecks checks = new CredentialChecks(Clock.systemUTC());

  Path token(String content, String perms) throws IOException {
    Path f = dir.resolve("token");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
    return f;
  }

  @Test
  void aPrivateTokenFilePassesWithoutShowingTheToken() throws IOException {
    Finding f = checks.token("relay a token", token(SECRET + "\n", "rw-------"));
    assertEquals(Level.OK, f.level(), f.line());
    assertFalse(f.line().contains(SECRET), f.line());
  }

  @Test
  void aMissingEmptyOrMalformedTokenFails() throws IOException {
    assertEquals(Level.FAIL, checks.token("t", dir.resolve("absent")).level());
    Finding empty = checks.token("t", token("\n", "rw-------"));
    assertEquals(Level.FAIL, empty.level());
    assertTrue(empty.detail().contains("is empty"), empty.line());
    Finding spaced = checks.token("t", token("two words", "rw-------"));
    assertEquals(Level.FAIL, spaced.level());
    assertFalse(spaced.line().contains("two words"), spaced.line());
  }

  @Test
  void aTokenOthersCanReadFailsAndOneTheGroupCanReadWarns() throws IOException {
    Finding world = checks.token("t", token(SECRET, "rw-r--r--"));
    assertEquals(Level.FAIL, world.level());
    assertTrue(world.fix().startsWith("chmod 600 "), world.line());
    Finding group = checks.token("t", token(SECRET, "rw-r-----"));
    assertEquals(Level.WARN, group.level());
    assertFalse(group.line().contains(SECRET));
  }

  @Test
  void aCaBundleMustHoldACertificateValidNow() throws IOException {
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
    Finding ok = checks.ca("relay a CA", certs.caCert());
    assertEquals(Level.OK, ok.level(), ok.line());
    assertTrue(ok.detail().contains("CN=gastown-relay-ca"), ok.line());

    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
    assertEquals(Level.FAIL, checks.ca("c", garbage).level());
    assertEquals(Level.FAIL, checks.ca("c", dir.resolve("absent.pem")).level());

    Clock inThreeYears =
        Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofDays(3 * 365)); // gen-certs: 825 d
    Finding expired = new CredentialChecks(inThreeYears).ca("c", certs.caCert());
    assertEquals(Level.FAIL, expired.level(), expired.line());
    assertTrue(expired.detail().contains("expired"), expired.line());
  }
}
