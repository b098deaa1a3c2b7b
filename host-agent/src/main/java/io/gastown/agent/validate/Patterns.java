package io.gastown.agent.validate;

import java.util.regex.Pattern;

/**
 * The shared validation patterns of the CRDs (notes: crd-fields.md), checked again here — some
 * stricter than the CRDs, since the agent trusts no cluster. Every pattern of an identifier is
 * ASCII-only, so a look-alike letter (Cyrillic 'а' for 'a') can never pass as one.
 */
final class Patterns {
  static final Pattern BEAD_ID = Pattern.compile("^[a-z]{2,10}-[a-z0-9]{3,8}(\\.[0-9]{1,4})*$");
  static final Pattern GT_RIG_NAME = Pattern.compile("^[A-Za-z0-9_]{1,64}$");
  static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  static final Pattern BRANCH = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$");
  static final Pattern AGENT = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
  static final Pattern BEADS_PREFIX = Pattern.compile("^[a-z]{2,10}$");
  static final Pattern OWNER = Pattern.compile("^[A-Za-z0-9@._/+-]*$");

  /** A git URL: a scheme gt accepts, then printable ASCII without spaces. */
  static final Pattern GIT_URL = Pattern.compile("^(https://|ssh://|s3://|file:///|git@)[!-~]+$");

  /** The host part of a git URL must not start with '-' (git's ssh option injection). */
  static final Pattern GIT_URL_HOST_OPTION = Pattern.compile("^(https://|ssh://|s3://|git@)-");

  /**
   * Characters a POSIX shell gives meaning to and no git URL needs. Nothing here reaches a shell
   * (argv only), but a value carrying them is hostile or broken, and a later wrapper script must
   * not be the one to find out.
   */
  static final Pattern SHELL_META = Pattern.compile("[`$;|&<>\\\\\"'(){}*!\\s]");

  /** In paths: the same, except spaces and parentheses, which real directory names hold. */
  static final Pattern SHELL_META_PATH = Pattern.compile("[`$;|&<>\\\\\"'*!{}]");

  /** A '..' path segment, in a path or a URL. */
  static final Pattern DOT_DOT_SEGMENT = Pattern.compile("(^|/)\\.\\.(/|$)");

  /**
   * A '..' path segment in a git URL, also right after the ':' of an scp-like {@code
   * git@host:../repo}, where git reads the path relative to the remote user's home.
   */
  static final Pattern GIT_URL_DOT_DOT_SEGMENT = Pattern.compile("[/:]\\.\\.(/|$)");

  /**
   * Code points never allowed in any field: C0 and C1 controls, format characters (bidi overrides
   * and isolates, zero-width spaces and joiners, the BOM, soft hyphens), line and paragraph
   * separators, surrogates, private-use and unassigned code points.
   */
  static final Pattern UNSAFE =
      Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\p{Co}\\p{Cn}]");

  /** As {@link #UNSAFE}, but a tab and a newline are allowed (multi-line messages). */
  static final Pattern UNSAFE_MULTILINE =
      Pattern.compile("[[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\p{Co}\\p{Cn}]&&[^\\n\\t]]");

  private Patterns() {}
}
