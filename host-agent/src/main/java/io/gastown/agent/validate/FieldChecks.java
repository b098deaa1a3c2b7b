package io.gastown.agent.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field checks that collect violations; each names its field. Lengths are checked first, so an
 * oversized value costs no pattern matching, and an offending value is echoed only clipped and with
 * every non-printable-ASCII character escaped (it ends up in a CR condition and in logs).
 */
final class FieldChecks {
  static final int MAX_URL = 2048;
  static final int MAX_PATH = 4096;
  static final int MAX_LINE = 256;
  static final int MAX_MESSAGE = 4096;
  private static final Set<String> MERGE = Set.of("direct", "mr", "local");
  private final List<Violation> violations = new ArrayList<>();

  List<Violation> violations() {
    return List.copyOf(violations);
  }

  void fail(String field, String problem) {
    violations.add(new Violation(field, problem));
  }

  /** Whether nothing is wrong with the field so far (one violation per field is enough). */
  private boolean quiet(String field) {
    return violations.stream().noneMatch(v -> v.field().equals(field));
  }

  void required(String field, String value) {
    if (value.isEmpty()) {
      fail(field, "required");
    }
  }

  /** Every value that reaches argv must not look like an option. */
  private boolean optionLike(String field, String value) {
    if (value.startsWith("-")) {
      fail(field, "must not start with '-' (it would be read as an option)");
      return true;
    }
    return false;
  }

  private boolean tooLong(String field, String value, int max) {
    if (value.length() > max) {
      fail(field, "longer than " + max + " characters");
      return true;
    }
    return false;
  }

  /** An identifier: bounded, not an option, matching an ASCII-only pattern. */
  private boolean identifier(String field, String v, int max, Pattern p) {
    if (tooLong(field, v, max) || optionLike(field, v)) {
      return false;
    }
    return p.matcher(v).matches();
  }

  void beadId(String field, String v) {
    if (!identifier(field, v, 64, Patterns.BEAD_ID) && quiet(field)) {
      fail(field, "'" + clip(v) + "' is not a bead id (like gt-abc12)");
    }
  }

  void gtRigName(String field, String v) {
    if (!identifier(field, v, 64, Patterns.GT_RIG_NAME)) {
      if (quiet(field)) {
        fail(
            field,
            "'" + clip(v) + "' is not a gt rig name (letters, digits, '_'; no '-', '.', '/')");
      }
    } else if (v.equals("hq")) {
      fail(field, "'hq' is reserved by gt");
    }
  }

  void dnsName(String field, String v) {
    if (!identifier(field, v, 63, Patterns.DNS_LABEL) && quiet(field)) {
      fail(field, "'" + clip(v) + "' is not a Kubernetes object name");
    }
  }

  void gitUrl(String field, String v) {
    if (tooLong(field, v, MAX_URL) || optionLike(field, v)) {
      return;
    }
    if (!Patterns.GIT_URL.matcher(v).matches()) {
      fail(
          field,
          "must start with https://, ssh://, s3://, file:/// or git@ and hold only printable ASCII"
              + " without spaces (international host names in punycode)");
    } else if (Patterns.GIT_URL_HOST_OPTION.matcher(v).find()) {
      fail(field, "its host must not start with '-' (it would be read as an ssh option)");
    } else if (Patterns.SHELL_META.matcher(v).find()) {
      fail(field, "must not contain shell metacharacters such as $ ` ; | & < > ' \" or spaces");
    } else if (Patterns.GIT_URL_DOT_DOT_SEGMENT.matcher(v).find()) {
      fail(field, "must not contain '..' path segments");
    }
  }

  void beadsPrefix(String field, String v) {
    if (!identifier(field, v, 10, Patterns.BEADS_PREFIX) && quiet(field)) {
      fail(field, "'" + clip(v) + "' must be 2-10 lower-case letters");
    }
  }

  void branch(String field, String v) {
    if (v.isEmpty()) {
      return;
    }
    boolean ok = identifier(field, v, 200, Patterns.BRANCH);
    if (!quiet(field)) {
      return;
    }
    if (!ok || v.contains("..") || v.contains("//") || v.endsWith("/") || v.endsWith(".lock")) {
      fail(field, "'" + clip(v) + "' is not a valid branch name");
    }
  }

  void agent(String field, String v) {
    if (!v.isEmpty() && !identifier(field, v, 63, Patterns.AGENT) && quiet(field)) {
      fail(field, "'" + clip(v) + "' is not an agent name (lower-case letters, digits, '_', '-')");
    }
  }

  /** One line of free text: no controls, invisible or bidi characters; not an option. */
  void singleLine(String field, String v, int max) {
    if (tooLong(field, v, max) || optionLike(field, v)) {
      return;
    }
    if (Patterns.UNSAFE.matcher(v).find()) {
      fail(
          field,
          "must not contain control characters, newlines, or invisible or bidirectional"
              + " formatting characters (such as U+202E or U+200B)");
    }
  }

  /** Free text over several lines (tabs and newlines allowed); passed as one --flag=value. */
  void multiLine(String field, String v, int max) {
    if (tooLong(field, v, max)) {
      return;
    }
    if (Patterns.UNSAFE_MULTILINE.matcher(v).find()) {
      fail(
          field,
          "must not contain control characters (other than tab and newline), or invisible or"
              + " bidirectional formatting characters (such as U+202E or U+200B)");
    }
  }

  void merge(String field, String v) {
    if (!v.isEmpty() && !MERGE.contains(v)) {
      fail(field, "must be direct, mr or local");
    }
  }

  void localPath(String field, String v) {
    if (v.isEmpty() || tooLong(field, v, MAX_PATH)) {
      return;
    }
    if (!v.startsWith("/")) {
      fail(field, "must be an absolute path");
    } else if (Patterns.DOT_DOT_SEGMENT.matcher(v).find()) {
      fail(field, "must not contain '..' segments");
    } else if (Patterns.UNSAFE.matcher(v).find()) {
      fail(field, "must not contain control, invisible or bidirectional formatting characters");
    } else if (Patterns.SHELL_META_PATH.matcher(v).find()) {
      fail(field, "must not contain shell metacharacters such as $ ` ; | & < > ' \" * !");
    }
  }

  void owner(String field, String v) {
    if (v.isEmpty()) {
      return;
    }
    if (!identifier(field, v, MAX_LINE, Patterns.OWNER) && quiet(field)) {
      fail(field, "'" + clip(v) + "' may hold only letters, digits and @._/+-");
    }
  }

  /**
   * A value fit to quote back: control, format, separator and every other non-ASCII character as
   * {@code \}{@code uXXXX}, at most 80 characters.
   */
  static String clip(String v) {
    StringBuilder out = new StringBuilder();
    v.codePoints()
        .limit(80)
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
              } else {
                out.append(String.format("\\u%04X", c));
              }
            });
    return v.codePointCount(0, v.length()) > 80 ? out + "..." : out.toString();
  }
}
