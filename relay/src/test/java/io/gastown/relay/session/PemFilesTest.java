package io.gastown.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in the three PEM encodings openssl and cert-manager write read as the same key. */
class PemFilesTest {
  @TempDir Path dir;

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> argv = new java.util.ArrayList<>(List.of("openssl"));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + argv + ": " + out);
    }
  }

  @Test
  void anEcKeyReadsTheSameAsPkcs8AndAsSec1() throws Exception {
    openssl(
        "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec8.pem");
    openssl("ec", "-in", "ec8.pem", "-out", "sec1.pem");
    assertEquals(
        "-----BEGIN EC PRIVATE KEY-----", Files.readAllLines(dir.resolve("sec1.pem")).get(0));

    ECPrivateKey pkcs8 = (ECPrivateKey) PemFiles.privateKey(dir.resolve("ec8.pem"));
    ECPrivateKey sec1 = (ECPrivateKey) PemFiles.privateKey(dir.resolve("sec1.pem"));
    assertEquals(pkcs8.getS(), sec1.getS());
    assertEquals(pkcs8.getParams().getCurve(), sec1.getParams().getCurve());
  }

  @Test
  void anRsaKeyReadsTheSameAsPkcs8AndAsPkcs1() throws Exception {
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa8.pem");
    openssl("rsa", "-in", "rsa8.pem", "-traditional", "-out", "rsa1.pem");
    assertEquals(
        "-----BEGIN RSA PRIVATE KEY-----", Files.readAllLines(dir.resolve("rsa1.pem")).get(0));

    RSAPrivateCrtKey pkcs8 = (RSAPrivateCrtKey) PemFiles.privateKey(dir.resolve("rsa8.pem"));
    RSAPrivateCrtKey pkcs1 = (RSAPrivateCrtKey) PemFiles.privateKey(dir.resolve("rsa1.pem"));
    assertEquals(pkcs8.getModulus(), pkcs1.getModulus());
    assertEquals(pkcs8.getPrivateExponent(), pkcs1.getPrivateExponent());
  }

  @Test
  void aFileWithoutAKeyIsRefusedNamingIt() throws IOException {
    Path notAKey =
        Files.writeString(
            dir.resolve("cert.pem"),
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> PemFiles.privateKey(notAKey));
    assertEquals(notAKey + " holds no PEM private key", e.getMessage());
  }
}
