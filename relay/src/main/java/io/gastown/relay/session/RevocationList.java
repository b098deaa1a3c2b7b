package io.gastown.relay.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client certificates that are revoked, re-read whenever the file's modification time or size
 * changes (checked on each handshake and authentication, and by the liveness ticker, which then
 * closes the live sessions of revoked certificates). A file that becomes unreadable keeps the last
 * list in force — revocations are never forgotten because a volume update is half done — and says
 * so once in the log.
 */
public final class RevocationList {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);

  private record Snapshot(FileTime mtime, long size, RevocationFile.Parsed parsed) {}

  private final Optional<Path> file;
  private volatile Snapshot snapshot = new Snapshot(null, -2, RevocationFile.Parsed.EMPTY);
  private boolean failing;

  private RevocationList(Optional<Path> file) {
    this.file = file;
    refresh();
  }

  /** No revocation file: nothing is revoked. */
  public static RevocationList none() {
    return new RevocationList(Optional.empty());
  }

  public static RevocationList of(Path file) {
    return new RevocationList(Optional.of(file));
  }

  public boolean revoked(X509Certificate cert) {
    RevocationFile.Parsed p = snapshot.parsed();
    return p.serials().contains(cert.getSerialNumber())
        || (!p.fingerprints().isEmpty()
            && p.fingerprints().contains(CertificateIdentity.sha256(cert)));
  }

  /** Re-reads the file if it changed; returns whether the list changed. */
  public synchronized boolean refresh() {
    if (file.isEmpty()) {
      return false;
    }
    Path f = file.get();
    try {
      FileTime mtime = Files.getLastModifiedTime(f);
      long size = Files.size(f);
      Snapshot current = snapshot;
      if (mtime.equals(current.mtime()) && size == current.size()) {
        return false;
      }
      RevocationFile.Parsed parsed =
          RevocationFile.parse(Files.readAllLines(f, StandardCharsets.UTF_8));
      parsed.problems().forEach(p -> LOG.warn("revoked certificates file {}: {}", f, p));
      snapshot = new Snapshot(mtime, size, parsed);
      failing = false;
      LOG.info("revoked certificates file {} loaded: {} certificates revoked", f, parsed.size());
      return true;
    } catch (IOException e) {
      if (!failing) {
        LOG.error(
            "cannot read the revoked certificates file {} ({}); the last list read stays in force",
            f,
            e.toString());
        failing = true;
      }
      return false;
    }
  }
}
