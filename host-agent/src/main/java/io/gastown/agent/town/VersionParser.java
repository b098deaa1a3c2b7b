package io.gastown.agent.town;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code gt version X (...)}, {@code bd version X} and {@code tmux X} leniently. */
public final class VersionParser {
  private static final Pattern VERSION = Pattern.compile("(?:version\\s+|^tmux\\s+)v?(\\S+)");

  private VersionParser() {}

  /** The version word, or throws {@link GtOutputException}. */
  public static String parse(String command, String stdout) {
    Matcher m = VERSION.matcher(stdout.strip());
    if (!m.find()) {
      throw new GtOutputException(command, "no version in the output", stdout);
    }
    return m.group(1);
  }
}
