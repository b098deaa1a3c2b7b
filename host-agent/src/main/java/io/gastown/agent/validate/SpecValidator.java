package io.gastown.agent.validate;

import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.RigSpec;
import java.util.List;

/**
 * Checks every CR-supplied string before it can reach a command. The CRD schema checks the same
 * patterns, but the agent trusts no cluster: a relay with a stale or missing CRD, or a hostile one,
 * must not be able to pass {@code --force} or {@code ../..} to gt.
 */
public final class SpecValidator {
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
    c.singleLine("spec.subject", spec.getSubject(), 256);
    c.multiLine("spec.message", spec.getMessage(), 4096);
    c.merge("spec.merge", spec.getMerge());
    c.branch("spec.baseBranch", spec.getBaseBranch());
    return c.violations();
  }
}
