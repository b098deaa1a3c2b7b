package io.gastown.agent.town;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the text {@code gt sling} prints (it has no {@code --json}). */
public final class SlingOutputParser {
  private static final Pattern CREATED = Pattern.compile("Created polecat: (\\S+)");
  private static final Pattern REUSED = Pattern.compile("Reusing idle polecat: (\\S+)");
  private static final Pattern SLINGING =
      Pattern.compile("Slinging \\S+ to [^/\\s]+/polecats/([^.\\s]+)");
  private static final Pattern ALREADY_HOOKED =
      Pattern.compile("already hooked to [^/\\s]+/polecats/([A-Za-z0-9_-]+)");
  private static final Pattern CONVOY =
      Pattern.compile("(?:Created convoy|Already tracked by convoy)\\D*?(hq-cv-[a-z0-9]+)");

  private SlingOutputParser() {}

  public static SlingResult parse(String stdout) {
    String name = "";
    boolean reused = false;
    Matcher m = CREATED.matcher(stdout);
    if (m.find()) {
      name = m.group(1);
    } else if ((m = REUSED.matcher(stdout)).find()) {
      name = m.group(1);
      reused = true;
    } else if ((m = SLINGING.matcher(stdout)).find()) {
      name = m.group(1);
    } else if ((m = ALREADY_HOOKED.matcher(stdout)).find()) {
      // A no-op sling of a bead already on this rig's polecat: that polecat is the answer.
      name = m.group(1);
      reused = true;
    }
    if (name.isEmpty()) {
      throw new GtOutputException("gt sling", "no polecat name in the output", stdout);
    }
    Matcher convoy = CONVOY.matcher(stdout);
    return new SlingResult(name, reused, convoy.find() ? convoy.group(1) : "");
  }
}
