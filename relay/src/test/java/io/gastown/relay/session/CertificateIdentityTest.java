package io.gastown.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gastown.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateIdentityTest {
  @TempDir static Path dir;
  static TestCertificates certs;

  @BeforeAll
  static void certificates() {
    certs = TestCertificates.create(dir, "laptop-1");
  }

  @Test
  void theUriSanNamesTheHost() throws Exception {
    assertEquals(
        Optional.of("laptop-1"),
        CertificateIdentity.hostOf(PemFiles.certificates(certs.hostCert("laptop-1"))[0]));
  }

  @Test
  void withoutAGastownUriTheCommonNameNamesTheHost() throws Exception {
    assertEquals(
        Optional.of("cn-host"),
        CertificateIdentity.hostOf(OpensslCerts.issue(certs, dir, "cn", "cn-host", "")));
  }

  @Test
  void theUriSanWinsOverTheCommonName() throws Exception {
    assertEquals(
        Optional.of("san-host"),
        CertificateIdentity.hostOf(
            OpensslCerts.issue(certs, dir, "both", "cn-host", "URI:gastown://host/san-host")));
  }

  @Test
  void aCertificateNamingNoValidOrTwoHostsNamesNone() throws Exception {
    assertEquals(
        Optional.empty(),
        CertificateIdentity.hostOf(OpensslCerts.issue(certs, dir, "upper", "Not_A_Host", "")));
    assertEquals(
        Optional.empty(),
        CertificateIdentity.hostOf(
            OpensslCerts.issue(certs, dir, "bad-uri", "ok", "URI:gastown://host/UPPER/../x")));
    assertEquals(
        Optional.empty(),
        CertificateIdentity.hostOf(
            OpensslCerts.issue(
                certs, dir, "two", "ok", "URI:gastown://host/a,URI:gastown://host/b")));
  }

  @Test
  void serialAndFingerprintAreLowerCaseHex() throws Exception {
    var cert = PemFiles.certificates(certs.hostCert("laptop-1"))[0];
    assertEquals(
        TestCertificates.serialOf(certs.hostCert("laptop-1")), CertificateIdentity.serial(cert));
    assertEquals(64, CertificateIdentity.sha256(cert).length());
  }
}
