package io.gastown.agent.plan;

import static io.gastown.agent.plan.Conditions.READY;
import static io.gastown.agent.plan.Conditions.SYNCED;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.ConvoyInfo;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.TownLayout;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.ConvoyStatus;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.PolecatStatus;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * The status of a CR mirrored from the town: what the town shows of the object named in its {@link
 * Annotations#TOWN_NAME} annotation, and never an action — a mirror is a view, so it is never
 * slung, added, closed or nuked, and its deletion is always finalized at once.
 */
public final class MirrorPlanner {
  private MirrorPlanner() {}

  public static Plan plan(
      ResourceKey key, Resource r, TownSnapshot town, String townRoot, ZoneId zone, Instant now) {
    String name = r.getAnnotationsOrDefault(Annotations.TOWN_NAME, "");
    StatusReport.Builder report = Reports.base(r).setFinalized(r.getDeletionRequested());
    Kind kind = r.getRef().getKind();
    boolean present =
        switch (kind) {
          case KIND_RIG -> rig(town, name, townRoot, report);
          case KIND_POLECAT -> polecat(key, r, town, name, zone, now, report);
          case KIND_CONVOY -> convoy(key, r, town, name, zone, now, report);
          default -> false;
        };
    if (present) {
      String msg = "mirrored from the town: " + name;
      report
          .addConditions(Conditions.isTrue(READY, "Mirrored", msg))
          .addConditions(Conditions.isTrue(SYNCED, "Mirrored", msg));
    } else {
      String msg = name + " is not in the town any more; the mirror removes this resource";
      report
          .addConditions(Conditions.isFalse(READY, "LeftTheTown", msg))
          .addConditions(Conditions.isTrue(SYNCED, "Mirrored", msg));
    }
    return Plan.report(report.build());
  }

  private static boolean rig(
      TownSnapshot town, String name, String townRoot, StatusReport.Builder report) {
    Optional<RigInfo> rig = town.rig(name);
    RigStatus.Builder s = RigStatus.newBuilder().setRigName(name);
    if (rig.isPresent()) {
      RigInfo i = rig.get();
      s.setPhase(RigPlanner.phase(i.status()))
          .setTownStatus(i.status())
          .setPath(TownLayout.rigPath(townRoot, name))
          .setWitness(i.witness())
          .setRefinery(i.refinery())
          .setPolecats(i.polecats())
          .setCrew(i.crew())
          .setBeadsPrefix(i.beadsPrefix());
    } else {
      s.setPhase("Unknown");
    }
    report.setRig(s);
    return rig.isPresent();
  }

  private static boolean polecat(
      ResourceKey key,
      Resource r,
      TownSnapshot town,
      String name,
      ZoneId zone,
      Instant now,
      StatusReport.Builder report) {
    String[] address = name.split("/", 2);
    Optional<PolecatInfo> p =
        address.length == 2 ? town.polecat(address[0], address[1]) : Optional.empty();
    PolecatStatus.Builder s = PolecatStatus.newBuilder().setBeadId(r.getPolecat().getBeadId());
    if (p.isPresent()) {
      String prefix = town.rig(p.get().rig()).map(RigInfo::beadsPrefix).orElse("");
      PolecatInput in =
          new PolecatInput(
              key,
              r,
              RigResolution.of(p.get().rig(), prefix),
              town,
              AllowList.all(),
              false,
              ResourceFacts.none(),
              Duration.ZERO,
              zone,
              now);
      PolecatObservation.fill(in, p.get(), s);
    } else {
      s.setPhase("Unknown");
    }
    report.setPolecat(s);
    return p.isPresent();
  }

  private static boolean convoy(
      ResourceKey key,
      Resource r,
      TownSnapshot town,
      String name,
      ZoneId zone,
      Instant now,
      StatusReport.Builder report) {
    Optional<ConvoyInfo> c = town.convoy(name);
    ConvoyStatus.Builder s = ConvoyStatus.newBuilder().setConvoyId(name);
    if (c.isPresent()) {
      ConvoyInput in =
          new ConvoyInput(
              key,
              r,
              town,
              AllowList.all(),
              Optional.empty(),
              Optional.empty(),
              Set.of(),
              Duration.ZERO,
              zone,
              now);
      ConvoyProgress.fill(in, c.get(), s);
      s.clearCompletedAt(); // the mirror remembers no first time; a changing value would churn
    } else {
      s.setPhase("Unknown");
    }
    report.setConvoy(s);
    return c.isPresent();
  }
}
