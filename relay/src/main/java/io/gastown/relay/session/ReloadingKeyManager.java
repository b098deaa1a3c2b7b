package io.gastown.relay.session;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's certificate and key, re-read when either file changes (checked at most once a second,
 * on a TLS handshake), so a renewed certificate (cert-manager, a rotated Secret) is served without
 * a restart. A pair that fails to load is logged and the previous one kept.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);
  private static final String ALIAS = "relay";
  private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private record Material(
      X509Certificate[] chain, PrivateKey key, FileTime certTime, FileTime keyTime) {}

  private final Path certFile;
  private final Path keyFile;
  private volatile Material material;
  private volatile long checkedAt;

  private ReloadingKeyManager(Path certFile, Path keyFile, Material material) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.material = material;
    this.checkedAt = System.nanoTime();
  }

  /** Loads the pair once; fails when it cannot be read, so a bad start is loud. */
  static ReloadingKeyManager load(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    return new ReloadingKeyManager(certFile, keyFile, read(certFile, keyFile));
  }

  private static Material read(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    FileTime certTime = Files.getLastModifiedTime(certFile);
    FileTime keyTime = Files.getLastModifiedTime(keyFile);
    return new Material(
        PemFiles.certificates(certFile), PemFiles.privateKey(keyFile), certTime, keyTime);
  }

  private Material current() {
    long now = System.nanoTime();
    if (now - checkedAt >= CHECK_EVERY_NANOS) {
      synchronized (this) {
        if (now - checkedAt >= CHECK_EVERY_NANOS) {
          checkedAt = now;
          reloadIfChanged();
        }
      }
    }
    return material;
  }

  private void reloadIfChanged() {
    Material m = material;
    try {
      if (Files.getLastModifiedTime(certFile).equals(m.certTime())
          && Files.getLastModifiedTime(keyFile).equals(m.keyTime())) {
        return;
      }
      material = read(certFile, keyFile);
      X509Certificate leaf = material.chain()[0];
      LOG.info(
          "TLS certificate reloaded from {}: {} valid until {}",
          certFile,
          leaf.getSubjectX500Principal().getName(),
          leaf.getNotAfter().toInstant());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warn("cannot reload the TLS certificate ({}); serving the previous one", e.toString());
    }
  }

  private boolean matches(String keyType) {
    String algorithm = current().key().getAlgorithm();
    return keyType == null
        || keyType.equals(algorithm)
        || keyType.startsWith(algorithm + "_")
        || ("RSA".equals(algorithm) && keyType.equals("RSASSA-PSS"))
        || ("EC".equals(algorithm) && keyType.equals("ECDSA"));
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return matches(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? current().chain().clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? current().key() : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
