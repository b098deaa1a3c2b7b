package io.gastown.agent.validate;

import io.gastown.proto.v1.AutomatonSpec;
import io.gastown.proto.v1.ConvoySpec;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.RigSpec;
import java.util.List;

/**
 * Checks every CR-supplied string before it can reach a command. The CRD schema and its CEL rules
 * check the same patterns, but the agent trusts no cluster: a relay with a stale or missing CRD, an
 * API server that does not enforce it, or a hostile cluster must not be able to pass {@code
 * --force}, {@code ../..}, shell metacharacters, newlines, look-alike or invisible characters, or
 * megabytes of text to gt. A spec with any violation is refused whole (Synced=False, InvalidSpec,
 * naming each field) and nothing is run for it.
 */
public final class SpecValidator {
  /** Most beads one Convoy may track (the CRD's maxItems). */
  static final int MAX_TRACKED_BEADS = 500;

  /** What gt's {@code convoy create} reads as an issue id rather than a name: {@code word-…}. */
  private static final java.util.regex.Pattern ISSUE_LIKE =
      java.util.regex.Pattern.compile("^[a-z][a-z0-9_]*-");

  private SpecValidator() {}

  /** Violations of a Rig spec, including of the gt name it maps to. */
  public static List<Violation> rig(RigSpec spec, String crName) {
    FieldChecks c = new FieldChecks();
    c.required("spec.gitURL", spec.getGitUrl());
    if (!spec.getGitUrl().isEmpty()) {
      c.gitUrl("spec.gitURL", spec.getGitUrl());
    }
    c.beadsPrefix("spec.beadsPrefix", spec.getBeadsPrefix());
    c.localPath("spec.localPath", spec.getLocalPath());
    c.branch("spec.branch", spec.getBranch());
    String gtName = RigNames.gtName(spec, crName);
    c.gtRigName(spec.getRigName().isEmpty() ? "metadata.name" : "spec.rigName", gtName);
    return c.violations();
  }

  /** Violations of a Polecat spec. */
  public static List<Violation> polecat(PolecatSpec spec) {
    FieldChecks c = new FieldChecks();
    c.required("spec.rig", spec.getRig());
    if (!spec.getRig().isEmpty()) {
      c.dnsName("spec.rig", spec.getRig());
    }
    c.required("spec.beadID", spec.getBeadId());
    if (!spec.getBeadId().isEmpty()) {
      c.beadId("spec.beadID", spec.getBeadId());
    }
    c.agent("spec.agent", spec.getAgent());
    c.singleLine("spec.subject", spec.getSubject(), FieldChecks.MAX_LINE);
    c.multiLine("spec.message", spec.getMessage(), FieldChecks.MAX_MESSAGE);
    c.merge("spec.merge", spec.getMerge());
    c.branch("spec.baseBranch", spec.getBaseBranch());
    return c.violations();
  }

  /** Violations of a Convoy spec. */
  public static List<Violation> convoy(ConvoySpec spec) {
    FieldChecks c = new FieldChecks();
    c.required("spec.description", spec.getDescription());
    if (!spec.getDescription().isEmpty()) {
      c.singleLine("spec.description", spec.getDescription(), FieldChecks.MAX_LINE);
      if (!spec.getDescription().equals(spec.getDescription().strip())) {
        c.fail("spec.description", "must not start or end with white space");
      } else if (ISSUE_LIKE.matcher(spec.getDescription()).find()) {
        // gt convoy create reads a first argument like "fix-login" or "gt-abc" as an issue to
        // track, not as the convoy's name (its looksLikeIssueID)
        c.fail(
            "spec.description",
            "must not start with a lower-case word and '-' (gt would read it as an issue id);"
                + " capitalise or reword it");
      }
    }
    if (spec.getTrackedBeadsCount() == 0) {
      c.fail("spec.trackedBeads", "required: at least one bead");
    } else if (spec.getTrackedBeadsCount() > MAX_TRACKED_BEADS) {
      c.fail("spec.trackedBeads", "more than " + MAX_TRACKED_BEADS + " beads");
    } else {
      for (int i = 0; i < spec.getTrackedBeadsCount(); i++) {
        c.beadId("spec.trackedBeads[" + i + "]", spec.getTrackedBeads(i));
      }
    }
    if (!spec.getRig().isEmpty()) {
      c.dnsName("spec.rig", spec.getRig());
    }
    c.owner("spec.owner", spec.getOwner());
    c.owner("spec.notify", spec.getNotify());
    c.merge("spec.merge", spec.getMerge());
    c.branch("spec.baseBranch", spec.getBaseBranch());
    return c.violations();
  }

  /** Violations of the Automaton fields the agent uses (bd create, gt sling). */
  public static List<Violation> automaton(AutomatonSpec spec) {
    FieldChecks c = new FieldChecks();
    if (!spec.getBeadId().isEmpty()) {
      c.beadId("spec.beadID", spec.getBeadId());
    } else {
      c.required("spec.task.title", spec.getTaskTitle());
    }
    if (!spec.getTaskTitle().isEmpty()) {
      c.singleLine("spec.task.title", spec.getTaskTitle(), FieldChecks.MAX_LINE);
    }
    c.multiLine("spec.task.description", spec.getTaskDescription(), FieldChecks.MAX_MESSAGE);
    c.required("spec.rig", spec.getRig());
    if (!spec.getRig().isEmpty()) {
      c.dnsName("spec.rig", spec.getRig());
    }
    return c.violations();
  }
}
