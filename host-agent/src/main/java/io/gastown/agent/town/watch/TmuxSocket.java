package io.gastown.agent.town.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * gt's per-town tmux socket name (internal/session/registry.go townSocketName): the town
 * directory's sanitized basename, a hyphen, and the first 6 hex digits of the SHA-256 of its
 * canonical path. gt honours {@code GT_TMUX_SOCKET} too, but the agent runs gt with a clean
 * environment without it, so the socket its gt uses is always this one.
 */
public final class TmuxSocket {
  private TmuxSocket() {}

  public static String forTown(Path town) {
    Path canonical;
    try {
      canonical = town.toRealPath();
    } catch (IOException e) {
      canonical = town.toAbsolutePath();
    }
    Path base = town.getFileName();
    return sanitize(base == null ? "" : base.toString())
        + "-"
        + sha256Hex(canonical.toString()).substring(0, 6);
  }

  /** gt's sanitizeTownName: lowercase, runs outside [a-z0-9-] become '-', trimmed of '-'. */
  static String sanitize(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    s = s.replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "default" : s;
  }

  private static String sha256Hex(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
