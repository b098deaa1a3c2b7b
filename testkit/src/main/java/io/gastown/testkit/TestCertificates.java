package io.gastown.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA, a relay server certificate (localhost, 127.0.0.1) and host client certificates, made by the
 * project's own {@code scripts/gen-certs.sh}, so tests exercise the same files users make.
 */
public record TestCertificates(Path dir) {

  /** Makes certificates in {@code dir} for the given mTLS host ids. */
  public static TestCertificates create(Path dir, String... hostIds) {
    List<String> argv =
        new ArrayList<>(List.of("bash", RepoPaths.resolve("scripts/gen-certs.sh").toString()));
    argv.add(dir.toString());
    for (String host : hostIds) {
      argv.add("--host");
      argv.add(host);
    }
    run(argv);
    return new TestCertificates(dir);
  }

  /**
   * Adds client certificates for more hosts, signed by the same CA; for a host that has one
   * already, issues a new certificate and key in its place (rotation). The relay's certificate is
   * issued anew too (same CA, same names).
   */
  public TestCertificates withHosts(String... hostIds) {
    return create(dir, hostIds);
  }

  /** Adds, for each host, a certificate of the same CA that expired on 2020-01-02. */
  public TestCertificates withExpiredHosts(String... hostIds) {
    List<String> argv =
        new ArrayList<>(List.of("bash", RepoPaths.resolve("scripts/gen-certs.sh").toString()));
    argv.add(dir.toString());
    for (String host : hostIds) {
      argv.add("--expired-host");
      argv.add(host);
    }
    run(argv);
    return this;
  }

  public Path expiredHostCert(String hostId) {
    return dir.resolve("host-" + hostId + "-expired.pem");
  }

  public Path expiredHostKey(String hostId) {
    return dir.resolve("host-" + hostId + "-expired.key");
  }

  /** The serial number of the (first) certificate in a PEM file, in lower-case hex. */
  public static String serialOf(Path pemFile) {
    try (InputStream in = Files.newInputStream(pemFile)) {
      X509Certificate cert =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return cert.getSerialNumber().toString(16);
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException("cannot read a certificate from " + pemFile, e);
    }
  }

  public Path caCert() {
    return dir.resolve("ca.pem");
  }

  public Path caKey() {
    return dir.resolve("ca.key");
  }

  public Path relayCert() {
    return dir.resolve("relay.pem");
  }

  public Path relayKey() {
    return dir.resolve("relay.key");
  }

  public Path hostCert(String hostId) {
    return dir.resolve("host-" + hostId + ".pem");
  }

  public Path hostKey(String hostId) {
    return dir.resolve("host-" + hostId + ".key");
  }

  private static void run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "gen-certs.sh failed: " + new String(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run gen-certs.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted making certificates", e);
    }
  }
}
