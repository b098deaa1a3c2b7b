package io.gastown.agent.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Field checks that collect violations; each names its field. */
final class FieldChecks {
  private static final Set<String> MERGE = Set.of("direct", "mr", "local");
  private final List<Violation> violations = new ArrayList<>();

  List<Violation> violations() {
    return List.copyOf(violations);
  }

  void fail(String field, String problem) {
    violations.add(new Violation(field, problem));
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

  void beadId(String field, String v) {
    if (v.length() > 64 || !Patterns.BEAD_ID.matcher(v).matches()) {
      fail(field, "'" + clip(v) + "' is not a bead id (like gt-abc12)");
    }
  }

  void gtRigName(String field, String v) {
    if (optionLike(field, v)) {
      return;
    }
    if (!Patterns.GT_RIG_NAME.matcher(v).matches()) {
      fail(
          field, "'" + clip(v) + "' is not a gt rig name (letters, digits, '_'; no '-', '.', '/')");
    } else if (v.equals("hq")) {
      fail(field, "'hq' is reserved by gt");
    }
  }

  void dnsName(String field, String v) {
    if (v.length() > 63 || !Patterns.DNS_SUBDOMAIN.matcher(v).matches()) {
      fail(field, "'" + clip(v) + "' is not a Kubernetes object name");
    }
  }

  void gitUrl(String field, String v) {
    if (optionLike(field, v)) {
      return;
    }
    if (v.length() > 2048 || !Patterns.GIT_URL.matcher(v).matches()) {
      fail(field, "must start with https://, ssh://, s3://, file:/// or git@ and hold no spaces");
    }
  }

  void beadsPrefix(String field, String v) {
    if (!Patterns.BEADS_PREFIX.matcher(v).matches()) {
      fail(field, "'" + clip(v) + "' must be 2-10 lower-case letters");
    }
  }

  void branch(String field, String v) {
    if (v.isEmpty() || optionLike(field, v)) {
      return;
    }
    if (!Patterns.BRANCH.matcher(v).matches()
        || v.contains("..")
        || v.contains("//")
        || v.endsWith("/")
        || v.endsWith(".lock")) {
      fail(field, "'" + clip(v) + "' is not a valid branch name");
    }
  }

  void agent(String field, String v) {
    if (v.isEmpty() || optionLike(field, v)) {
      return;
    }
    if (!Patterns.AGENT.matcher(v).matches()) {
      fail(field, "'" + clip(v) + "' is not an agent name (lower-case letters, digits, '_', '-')");
    }
  }

  void singleLine(String field, String v, int max) {
    if (v.length() > max) {
      fail(field, "longer than " + max + " characters");
    } else if (Patterns.CONTROL.matcher(v).find()) {
      fail(field, "must not contain control characters or newlines");
    }
  }

  void multiLine(String field, String v, int max) {
    if (v.length() > max) {
      fail(field, "longer than " + max + " characters");
    } else if (Patterns.CONTROL_EXCEPT_NEWLINE.matcher(v).find()) {
      fail(field, "must not contain control characters");
    }
  }

  void merge(String field, String v) {
    if (!v.isEmpty() && !MERGE.contains(v)) {
      fail(field, "must be direct, mr or local");
    }
  }

  void localPath(String field, String v) {
    if (v.isEmpty()) {
      return;
    }
    if (v.length() > 4096 || !v.startsWith("/")) {
      fail(field, "must be an absolute path");
    } else if (v.contains("/../") || v.endsWith("/..") || Patterns.CONTROL.matcher(v).find()) {
      fail(field, "must not contain '..' segments or control characters");
    }
  }

  void owner(String field, String v) {
    if (v.isEmpty() || optionLike(field, v)) {
      return;
    }
    if (v.length() > 256 || !Patterns.OWNER.matcher(v).matches()) {
      fail(field, "'" + clip(v) + "' may hold only letters, digits and @._/+-");
    }
  }

  private static String clip(String v) {
    String s = Patterns.CONTROL.matcher(v).replaceAll("?");
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
