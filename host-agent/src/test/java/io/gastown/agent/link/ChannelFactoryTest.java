package io.gastown.agent.link;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.RelayConfig;
import io.gastown.testkit.TestCertificates;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelFactoryTest {
  @TempDir static Path certDir;
  static TestCertificates certs;
  @TempDir Path dir;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(certDir, "laptop-1");
  }

  private static RelayConfig relay() {
    return RelayConfig.of("prod", "127.0.0.1:8443").withCaFile(certs.caCert());
  }

  @Test
  void aClientCertificateAndItsKeyMakeAContext() {
    ChannelFactory.sslContext(
        relay().withClientCertificate(certs.hostCert("laptop-1"), certs.hostKey("laptop-1")));
  }

  @Test
  void unreadableOrWrongFilesAreNamedButTheirContentNeverShown() throws Exception {
    UncheckedIOException missing =
        assertThrows(
            UncheckedIOException.class,
            () ->
                ChannelFactory.sslContext(
                    relay()
                        .withClientCertificate(
                            dir.resolve("nope.pem"), certs.hostKey("laptop-1"))));
    assertTrue(missing.getMessage().contains("clientCertFile " + dir.resolve("nope.pem")));

    Path key = Files.writeString(dir.resolve("key.pem"), "SECRET-KEY-MATERIAL-7f3a\n");
    UncheckedIOException garbage =
        assertThrows(
            UncheckedIOException.class,
            () ->
                ChannelFactory.sslContext(
                    relay().withClientCertificate(certs.hostCert("laptop-1"), key)));
    String all = garbage.getMessage() + " " + garbage.getCause();
    for (Throwable t = garbage; t != null; t = t.getCause()) {
      all += " " + t.getMessage();
    }
    assertTrue(all.contains("clientKeyFile " + key), all);
    assertFalse(all.contains("SECRET-KEY-MATERIAL"), all);

    Path notCa = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    assertThrows(
        UncheckedIOException.class,
        () -> ChannelFactory.sslContext(RelayConfig.of("prod", "127.0.0.1:1").withCaFile(notCa)));
  }

  @Test
  void credentialStampsChangeWhenAFileChanges() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "a\n");
    Path cert = Files.copy(certs.hostCert("laptop-1"), dir.resolve("cert.pem"));
    CredentialFiles files =
        new CredentialFiles(
            relay().withTokenFile(token).withClientCertificate(cert, certs.hostKey("laptop-1")));
    CredentialFiles.Stamp before = files.stamp();
    Files.writeString(cert, Files.readString(certs.caCert()));
    Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(2)));
    assertNotEquals(before, files.stamp());
  }
}
