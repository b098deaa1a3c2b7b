package io.gastown.agent.town;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the convoy commands' output: JSON listings, and the text of {@code convoy create}. */
public final class ConvoyOutputParser {
  private static final Pattern CREATED =
      Pattern.compile("Created convoy\\D*?(hq-cv-[a-z0-9]{3,16})\\b");

  private ConvoyOutputParser() {}

  /** {@code gt convoy list --json --all}: an array ({@code []} when empty; {@code null} too). */
  public static List<ConvoyInfo> convoyList(String stdout) {
    String command = "gt convoy list";
    List<ConvoyInfo> out = new ArrayList<>();
    for (JsonNode n : GtJson.array(command, stdout)) {
      List<ConvoyInfo.TrackedIssue> tracked = new ArrayList<>();
      JsonNode t = n.get("tracked");
      if (t != null && t.isArray()) {
        for (JsonNode b : t) {
          if (!b.isObject()) {
            throw new GtOutputException(command, "a tracked entry is not an object", stdout);
          }
          tracked.add(
              new ConvoyInfo.TrackedIssue(
                  GtJson.required(command, b, "id", stdout),
                  GtJson.text(b, "title"),
                  GtJson.text(b, "status"),
                  GtJson.text(b, "assignee")));
        }
      }
      out.add(
          new ConvoyInfo(
              GtJson.required(command, n, "id", stdout),
              GtJson.text(n, "title"),
              GtJson.text(n, "status"),
              GtJson.text(n, "created_at"),
              tracked,
              GtJson.integer(n, "completed"),
              GtJson.integer(n, "total")));
    }
    return List.copyOf(out);
  }

  /**
   * {@code gt convoy create} (no {@code --json}): the id from {@code ✓ Created convoy 🚚
   * hq-cv-xxxxx}.
   */
  public static String createdId(String stdout) {
    Matcher m = CREATED.matcher(stdout);
    if (!m.find()) {
      throw new GtOutputException("gt convoy create", "no 'Created convoy hq-cv-…' line", stdout);
    }
    return m.group(1);
  }
}
