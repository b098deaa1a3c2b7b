package io.gastown.relay.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens hosts may present, re-read whenever the file's modification time or size
 * changes (checked on each authentication and by the liveness ticker: one stat call). A file that
 * cannot be read admits nobody. Without a file (RELAY_CLIENT_AUTH=require) no token admits anyone.
 */
public final class TokenStore {
  private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

  private record Snapshot(FileTime mtime, long size, List<TokenFile.Entry> entries) {}

  private final Path file;
  // size -2: never loaded; -1: unreadable (logged once per outage)
  private volatile Snapshot snapshot = new Snapshot(null, -2, List.of());

  public TokenStore(Path file) {
    this.file = file;
    refresh();
  }

  /** A store without a file: admits no token. */
  public static TokenStore none() {
    return new TokenStore(null);
  }

  /** The host the token belongs to. Compares against every entry in constant time per entry. */
  public Optional<String> authenticate(String token) {
    return find(token).map(TokenFile.Entry::host);
  }

  /** The entry that admits the token, if any. */
  public Optional<TokenFile.Entry> find(String token) {
    refresh();
    byte[] presented = TokenFile.hash(token);
    TokenFile.Entry match = null;
    for (TokenFile.Entry e : snapshot.entries()) {
      if (MessageDigest.isEqual(presented, e.sha256()) && match == null) {
        match = e;
      }
    }
    return Optional.ofNullable(match);
  }

  /** Whether the file (as last read) still admits the token with this hash for this host. */
  public boolean holds(String host, byte[] sha256) {
    for (TokenFile.Entry e : snapshot.entries()) {
      if (e.host().equals(host) && MessageDigest.isEqual(sha256, e.sha256())) {
        return true;
      }
    }
    return false;
  }

  public Set<String> hosts() {
    Set<String> hosts = new HashSet<>();
    snapshot.entries().forEach(e -> hosts.add(e.host()));
    return hosts;
  }

  /** Re-reads the file if it changed; returns the hosts that no longer have any token. */
  public synchronized Set<String> refresh() {
    if (file == null) {
      return Set.of();
    }
    FileTime mtime;
    long size;
    try {
      mtime = Files.getLastModifiedTime(file);
      size = Files.size(file);
    } catch (IOException e) {
      return replace(new Snapshot(null, -1, List.of()), "cannot read " + file + ": " + e);
    }
    Snapshot current = snapshot;
    if (mtime.equals(current.mtime()) && size == current.size()) {
      return Set.of();
    }
    try {
      TokenFile.Parsed parsed = TokenFile.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
      parsed.problems().forEach(p -> LOG.warn("tokens file {}: {} (line ignored)", file, p));
      Set<String> removed = replace(new Snapshot(mtime, size, parsed.entries()), null);
      LOG.info(
          "tokens file {} loaded: {} tokens for {} hosts",
          file,
          parsed.entries().size(),
          hosts().size());
      return removed;
    } catch (IOException e) {
      return replace(new Snapshot(null, -1, List.of()), "cannot read " + file + ": " + e);
    }
  }

  private Set<String> replace(Snapshot next, String error) {
    if (error != null && snapshot.size() != -1) {
      LOG.error("tokens file: {}; no host can authenticate until it is readable again", error);
    }
    Set<String> before = hosts();
    snapshot = next;
    before.removeAll(hosts());
    return before;
  }
}
