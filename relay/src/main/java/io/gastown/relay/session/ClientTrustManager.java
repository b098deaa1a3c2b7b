package io.gastown.relay.session;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies host client certificates in the TLS handshake: against the CA bundle of
 * RELAY_CLIENT_CA_FILE only (re-read when the file changes, checked at most once a second), not
 * expired, not revoked. Every refusal is counted by reason and logged with the certificate's
 * subject and serial (never key material). The relay never acts as a TLS client, so the server-side
 * checks refuse everything.
 */
final class ClientTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(ClientTrustManager.class);
  private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private record Trust(X509TrustManager delegate, X509Certificate[] cas, FileTime mtime) {}

  private final Path caFile;
  private final RevocationList revocations;
  private final Consumer<AuthFailure> refused;
  private volatile Trust trust;
  private volatile long checkedAt;

  private ClientTrustManager(
      Path caFile, RevocationList revocations, Consumer<AuthFailure> refused, Trust trust) {
    this.caFile = caFile;
    this.revocations = revocations;
    this.refused = refused;
    this.trust = trust;
    this.checkedAt = System.nanoTime();
  }

  /** Loads the CA bundle once; fails when it cannot be read, so a bad start is loud. */
  static ClientTrustManager load(
      Path caFile, RevocationList revocations, Consumer<AuthFailure> refused)
      throws IOException, GeneralSecurityException {
    return new ClientTrustManager(caFile, revocations, refused, read(caFile));
  }

  private static Trust read(Path caFile) throws IOException, GeneralSecurityException {
    FileTime mtime = Files.getLastModifiedTime(caFile);
    X509Certificate[] cas = PemFiles.certificates(caFile);
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < cas.length; i++) {
      store.setCertificateEntry("client-ca-" + i, cas[i]);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return new Trust(x, cas, mtime);
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }

  private Trust current() {
    long now = System.nanoTime();
    if (now - checkedAt >= CHECK_EVERY_NANOS) {
      synchronized (this) {
        if (now - checkedAt >= CHECK_EVERY_NANOS) {
          checkedAt = now;
          reloadIfChanged();
        }
      }
    }
    return trust;
  }

  private void reloadIfChanged() {
    try {
      if (Files.getLastModifiedTime(caFile).equals(trust.mtime())) {
        return;
      }
      trust = read(caFile);
      LOG.info("client CA bundle reloaded from {}: {} certificates", caFile, trust.cas().length);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warn("cannot reload the client CA bundle ({}); trusting the previous one", e.toString());
    }
  }

  private void check(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw refuse(AuthFailure.UNTRUSTED_CERTIFICATE, null, "empty certificate chain");
    }
    X509Certificate leaf = chain[0];
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException e) {
      throw refuse(AuthFailure.EXPIRED_CERTIFICATE, leaf, "expired " + leaf.getNotAfter());
    } catch (CertificateNotYetValidException e) {
      throw refuse(
          AuthFailure.UNTRUSTED_CERTIFICATE, leaf, "not valid before " + leaf.getNotBefore());
    }
    try {
      current().delegate().checkClientTrusted(chain, authType);
    } catch (CertificateException e) {
      throw refuse(AuthFailure.UNTRUSTED_CERTIFICATE, leaf, "does not chain to the client CA");
    }
    revocations.refresh();
    if (revocations.revoked(leaf)) {
      throw refuse(AuthFailure.REVOKED_CERTIFICATE, leaf, "listed as revoked");
    }
  }

  private CertificateException refuse(AuthFailure reason, X509Certificate leaf, String detail) {
    refused.accept(reason);
    LOG.warn(
        "refused a client certificate in the TLS handshake ({}): {}{}",
        reason.label(),
        leaf == null
            ? ""
            : leaf.getSubjectX500Principal().getName()
                + ", serial "
                + CertificateIdentity.serial(leaf)
                + ", ",
        detail);
    return new CertificateException(reason.message());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the relay does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the relay does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the relay does not verify servers");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return current().cas().clone();
  }
}
