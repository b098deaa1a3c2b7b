package io.gastown.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  /** Adds client certificates for more hosts, signed by the same CA. */
  public TestCertificates withHosts(String... hostIds) {
    return create(dir, hostIds);
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
