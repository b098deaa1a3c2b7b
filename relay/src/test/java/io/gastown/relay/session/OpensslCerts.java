package io.gastown.relay.session;

import io.gastown.testkit.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Odd client certificates made with openssl and the test CA, for identity edge cases. */
final class OpensslCerts {
  private OpensslCerts() {}

  /** A client certificate with subject CN {@code cn} and, if not empty, the given SAN line. */
  static X509Certificate issue(TestCertificates ca, Path dir, String name, String cn, String san)
      throws IOException, GeneralSecurityException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path ext = dir.resolve(name + ".ext");
    Path pem = dir.resolve(name + ".pem");
    Files.writeString(
        ext,
        "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n"
            + (san.isEmpty() ? "" : "subjectAltName=" + san + "\n"));
    run(
        "openssl",
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-subj",
        "/CN=" + cn,
        "-keyout",
        key.toString(),
        "-out",
        csr.toString());
    run(
        "openssl",
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        ca.caCert().toString(),
        "-CAkey",
        ca.caKey().toString(),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        ext.toString(),
        "-out",
        pem.toString());
    return PemFiles.certificates(pem)[0];
  }

  private static void run(String... argv) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + out);
    }
  }
}
