package io.gastown.relay.session;

import io.gastown.relay.api.GastownNames;
import io.gastown.relay.convert.StatusHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The tokens file: one {@code <host-id> sha256:<64 hex digits>} line per token, {@code #} comments
 * and blank lines ignored. A host may have several lines (token rotation). Only hashes are stored,
 * so the file is not a secret in itself; problems are reported by line number, never with the
 * line's content.
 */
public final class TokenFile {
  private TokenFile() {}

  /** One accepted token of a host. */
  public record Entry(String host, byte[] sha256) {}

  /** What a file holds and what is wrong with it. */
  public record Parsed(List<Entry> entries, List<String> problems) {}

  public static Parsed parse(List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      String problem = check(parts);
      if (problem != null) {
        problems.add("line " + (i + 1) + ": " + problem);
        continue;
      }
      String hex = parts[1].substring("sha256:".length()).toLowerCase(Locale.ROOT);
      entries.add(new Entry(parts[0], HexFormat.of().parseHex(hex)));
    }
    return new Parsed(entries, problems);
  }

  private static String check(String[] parts) {
    if (parts.length != 2) {
      return "expected '<host-id> sha256:<hex>'";
    }
    if (!GastownNames.HOST_ID.matcher(parts[0]).matches()) {
      return "the host id is not a DNS label";
    }
    if (!parts[1].matches("(?i)sha256:[0-9a-f]{64}")) {
      return "the hash is not 'sha256:' followed by 64 hex digits";
    }
    return null;
  }

  public static byte[] hash(String token) {
    return StatusHash.sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  /** The line that admits {@code token} for {@code host}. */
  public static String line(String host, String token) {
    return host + " sha256:" + HexFormat.of().formatHex(hash(token));
  }
}
