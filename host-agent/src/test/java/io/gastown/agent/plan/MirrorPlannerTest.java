package io.gastown.agent.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.SessionInfo;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MirrorPlannerTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final ResourceKey KEY = new ResourceKey("prod", "m-1");

  static Resource.Builder mirrored(Kind kind, String townName) {
    return Resource.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(kind).setUid("m-1").setName("x"))
        .setGeneration(1)
        .putLabels(Annotations.ORIGIN_LABEL, "town")
        .putAnnotations(Annotations.TOWN_NAME, townName);
  }

  static TownSnapshot town(boolean withPolecat) {
    List<PolecatInfo> polecats =
        withPolecat
            ? List.of(new PolecatInfo("town_rig", "nux", "working", "tr-abc12", true, false, ""))
            : List.of();
    return new TownSnapshot(
        NOW,
        List.of(new RigInfo("town_rig", "tr", "operational", "running", "stopped", 1, 0)),
        polecats,
        withPolecat ? List.of(new SessionInfo("town_rig", "nux", "tr-nux", true)) : List.of(),
        Map.of());
  }

  @Test
  void aMirroredPolecatShowsTheTownAndIsNeverSlungEvenWhenItsPolecatIsGone() {
    Resource p =
        mirrored(Kind.KIND_POLECAT, "town_rig/nux")
            .setPolecat(PolecatSpec.newBuilder().setRig("town-rig").setBeadId("tr-abc12"))
            .build();
    assertTrue(Annotations.mirrored(p));
    Plan there = MirrorPlanner.plan(KEY, p, town(true), "/town", ZoneOffset.UTC, NOW);
    assertTrue(there.actions().isEmpty());
    assertEquals("Working", there.status().getPolecat().getPhase());
    assertEquals("tr-nux", there.status().getPolecat().getSession());
    Plan gone = MirrorPlanner.plan(KEY, p, town(false), "/town", ZoneOffset.UTC, NOW);
    assertTrue(gone.actions().isEmpty(), "a mirror is a view: nothing is slung");
    assertEquals("LeftTheTown", gone.status().getConditions(0).getReason());
  }

  @Test
  void aMirroredRigIsNeverAddedAndItsDeletionIsFinalizedAtOnce() {
    Resource r =
        mirrored(Kind.KIND_RIG, "gone_rig")
            .setRig(RigSpec.newBuilder().setGitUrl("https://x/y.git").setBeadsPrefix("gr"))
            .setDeletionRequested(true)
            .build();
    Plan p = MirrorPlanner.plan(KEY, r, town(false), "/town", ZoneOffset.UTC, NOW);
    assertTrue(p.actions().isEmpty());
    assertTrue(p.status().getFinalized());
    Plan there =
        MirrorPlanner.plan(
            KEY,
            mirrored(Kind.KIND_RIG, "town_rig").build(),
            town(false),
            "/town",
            ZoneOffset.UTC,
            NOW);
    assertEquals("Ready", there.status().getRig().getPhase());
    assertEquals("/town/town_rig", there.status().getRig().getPath());
  }
}
