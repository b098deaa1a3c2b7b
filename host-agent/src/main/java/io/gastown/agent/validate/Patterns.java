package io.gastown.agent.validate;

import java.util.regex.Pattern;

/** The shared validation patterns of the CRDs (notes: crd-fields.md), checked again here. */
final class Patterns {
  static final Pattern BEAD_ID = Pattern.compile("^[a-z]{2,10}-[a-z0-9]{3,8}(\\.[0-9]{1,4})*$");
  static final Pattern GT_RIG_NAME = Pattern.compile("^[A-Za-z0-9_]{1,64}$");
  static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  static final Pattern GIT_URL = Pattern.compile("^(https://|ssh://|s3://|file:///|git@)[^\\s]+$");
  static final Pattern BRANCH = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$");
  static final Pattern AGENT = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
  static final Pattern BEADS_PREFIX = Pattern.compile("^[a-z]{2,10}$");
  static final Pattern OWNER = Pattern.compile("^[A-Za-z0-9@._/+-]*$");
  static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  static final Pattern CONTROL_EXCEPT_NEWLINE = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t\\r]]");

  private Patterns() {}
}
