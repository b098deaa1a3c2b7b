package io.gastown.agent.mirror;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.ConvoyInfo;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.ConvoySpec;
import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.MirrorObject;
import io.gastown.proto.v1.PolecatDesiredState;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.RigSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The town objects one cluster has no resource for, as the mirror reports them. Pure. Only what the
 * CRDs can hold is mirrored: a rig with a repository URL and a valid prefix, a polecat while it
 * holds a bead (a Polecat needs one) in a rig that is shown too, an open convoy tracking beads. The
 * cluster's allow-list of rigs narrows what it sees; with a rig allow-list, convoys (which belong
 * to no rig) are not mirrored.
 */
public final class MirrorCollector {
  static final Pattern BEAD_ID = Pattern.compile("^[a-z]{2,10}-[a-z0-9]{3,8}(\\.[0-9]{1,4})*$");
  static final Pattern PREFIX = Pattern.compile("^[a-z]{2,10}$");
  static final Pattern GIT_URL = Pattern.compile("^(https://|ssh://|s3://|file:///|git@)[!-~]+$");
  static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");

  private MirrorCollector() {}

  public static List<MirrorObject> collect(
      TownSnapshot town, Map<String, String> gitUrls, Coverage covered, AllowList allow) {
    List<MirrorObject> out = new ArrayList<>();
    Set<String> shownRigs = new HashSet<>();
    covered
        .rigsByGtName()
        .forEach(
            (gt, cr) -> {
              if (allow.allowsRig(gt, cr)) {
                shownRigs.add(gt);
              }
            });
    for (RigInfo r : town.rigs().values()) {
      if (covered.rigsByGtName().containsKey(r.name()) || !allow.allowsRig(r.name(), r.name())) {
        continue;
      }
      String url = gitUrls.getOrDefault(r.name(), "");
      String prefix =
          r.beadsPrefix().endsWith("-")
              ? r.beadsPrefix().substring(0, r.beadsPrefix().length() - 1)
              : r.beadsPrefix();
      if (!GIT_URL.matcher(url).matches()
          || url.length() > 2048
          || !PREFIX.matcher(prefix).matches()) {
        continue;
      }
      shownRigs.add(r.name());
      out.add(
          object(
              Kind.KIND_RIG,
              r.name(),
              Resource.newBuilder()
                  .setRig(
                      RigSpec.newBuilder()
                          .setGitUrl(url)
                          .setBeadsPrefix(prefix)
                          .setRigName(r.name())
                          .setDeletionPolicy(DeletionPolicy.DELETION_POLICY_RETAIN))));
    }
    for (PolecatInfo p : town.polecats()) {
      if (p.issue().isEmpty()
          || !BEAD_ID.matcher(p.issue()).matches()
          || covered.beads().contains(p.issue())
          || !shownRigs.contains(p.rig())) {
        continue;
      }
      out.add(
          object(
              Kind.KIND_POLECAT,
              p.address(),
              Resource.newBuilder()
                  .setPolecat(
                      PolecatSpec.newBuilder()
                          .setRig(covered.rigsByGtName().getOrDefault(p.rig(), ""))
                          .setBeadId(p.issue())
                          .setDesiredState(PolecatDesiredState.POLECAT_DESIRED_STATE_WORKING))));
    }
    if (allow.rigs().isEmpty()) {
      for (ConvoyInfo c : town.convoys()) {
        if (c.closed() || covered.convoyIds().contains(c.id()) || !describable(c)) {
          continue;
        }
        out.add(
            object(
                Kind.KIND_CONVOY,
                c.id(),
                Resource.newBuilder()
                    .setConvoy(
                        ConvoySpec.newBuilder()
                            .setDescription(c.title())
                            .addAllTrackedBeads(c.trackedIds())
                            .setDeletionPolicy(DeletionPolicy.DELETION_POLICY_RETAIN))));
      }
    }
    out.sort(Comparator.comparing(MirrorObject::getKind).thenComparing(MirrorObject::getTownName));
    return out;
  }

  /** A convoy the Convoy CRD can hold: a one-line title, 1–500 tracked bead ids. */
  private static boolean describable(ConvoyInfo c) {
    String t = c.title();
    return !t.isEmpty()
        && t.length() <= 256
        && t.equals(t.strip())
        && !t.startsWith("-")
        && !CONTROL.matcher(t).find()
        && !c.trackedIds().isEmpty()
        && c.trackedIds().size() <= 500
        && c.trackedIds().stream().allMatch(b -> BEAD_ID.matcher(b).matches());
  }

  private static MirrorObject object(Kind kind, String townName, Resource.Builder resource) {
    return MirrorObject.newBuilder()
        .setKind(kind)
        .setTownName(townName)
        .setResource(resource)
        .build();
  }
}
