package io.gastown.relay.session;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The revoked-certificates file: one certificate per line, by serial number or by SHA-256
 * fingerprint, in the forms openssl prints them ({@code serial=45CD…}, {@code sha256
 * Fingerprint=F4:83:…}), with explicit prefixes ({@code serial:…}, {@code sha256:…}), or bare hex
 * (up to 40 digits: a serial, which RFC 5280 caps at 20 octets; 64 digits: a fingerprint). {@code
 * #} comments and blank lines are ignored; problems are reported by line number.
 */
public final class RevocationFile {
  private RevocationFile() {}

  /** What a file revokes and what is wrong with it. */
  public record Parsed(Set<BigInteger> serials, Set<String> fingerprints, List<String> problems) {
    public static final Parsed EMPTY = new Parsed(Set.of(), Set.of(), List.of());

    public int size() {
      return serials.size() + fingerprints.size();
    }
  }

  public static Parsed parse(List<String> lines) {
    Set<BigInteger> serials = new HashSet<>();
    Set<String> fingerprints = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (entry.isEmpty()) {
        continue;
      }
      String lower = entry.toLowerCase(Locale.ROOT);
      String kind = "";
      String value = lower;
      for (String prefix :
          new String[] {"sha256 fingerprint=", "sha256:", "sha256=", "serial=", "serial:"}) {
        if (lower.startsWith(prefix)) {
          kind = prefix.startsWith("sha256") ? "sha256" : "serial";
          value = lower.substring(prefix.length()).strip();
          break;
        }
      }
      String hex = value.replace(":", "");
      if (hex.isEmpty() || !hex.matches("[0-9a-f]+")) {
        problems.add("line " + (i + 1) + ": not a serial number or SHA-256 fingerprint in hex");
        continue;
      }
      if (kind.isEmpty()) {
        kind = hex.length() == 64 ? "sha256" : hex.length() <= 40 ? "serial" : "";
      }
      if (kind.equals("sha256") && hex.length() == 64) {
        fingerprints.add(hex);
      } else if (kind.equals("serial") && hex.length() <= 40) {
        serials.add(new BigInteger(hex, 16));
      } else {
        problems.add(
            "line " + (i + 1) + ": a serial has at most 40 hex digits, a fingerprint exactly 64");
      }
    }
    return new Parsed(Set.copyOf(serials), Set.copyOf(fingerprints), problems);
  }
}
