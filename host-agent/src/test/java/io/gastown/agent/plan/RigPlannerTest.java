package io.gastown.agent.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.GtErrors;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigSpec;
import io.gastown.proto.v1.StatusReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RigPlannerTest {
  static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  static final ResourceKey KEY = new ResourceKey("prod", "uid-1");

  static Resource.Builder rig(String name) {
    return Resource.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(Kind.KIND_RIG).setName(name).setUid(KEY.uid()))
        .setGeneration(3)
        .setRig(
            RigSpec.newBuilder()
                .setGitUrl("https://github.com/o/r.git")
                .setBeadsPrefix("mr")
                .setBranch("main"));
  }

  static TownSnapshot town(RigInfo... rigs) {
    return new TownSnapshot(NOW, List.of(rigs), List.of(), List.of(), Map.of());
  }

  static RigInfo present(String name, String status) {
    return new RigInfo(name, "mr", status, "running", "stopped", 2, 1);
  }

  static Plan plan(Resource r, TownSnapshot town) {
    return plan(r, town, ResourceFacts.none(), AllowList.all(), Optional.empty());
  }

  static Plan plan(
      Resource r,
      TownSnapshot town,
      ResourceFacts facts,
      AllowList allow,
      Optional<ResourceKey> boundTo) {
    return RigPlanner.plan(new RigInput(KEY, r, town, "/town", allow, boundTo, facts, NOW));
  }

  static Condition condition(StatusReport s, String type) {
    return s.getConditionsList().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + s));
  }

  @Test
  void aMissingRigIsAddedWithTheMappedName() {
    Plan p = plan(rig("my-rig").build(), town());
    assertEquals(
        List.of(new Action.AddRig(KEY, 3, "my_rig", "https://github.com/o/r.git", "mr", "main")),
        p.actions());
    assertEquals("Pending", p.status().getRig().getPhase());
    assertEquals("my_rig", p.status().getRig().getRigName());
    assertEquals(3, p.status().getObservedGeneration());
    assertEquals(
        ConditionStatus.CONDITION_STATUS_FALSE, condition(p.status(), "Ready").getStatus());
  }

  @Test
  void anInvalidSpecDoesNothingAndSaysWhy() {
    Resource r =
        rig("my-rig")
            .setRig(RigSpec.newBuilder().setGitUrl("--upload-pack=x").setBeadsPrefix("mr"))
            .build();
    Plan p = plan(r, town());
    assertEquals(List.of(), p.actions());
    Condition synced = condition(p.status(), "Synced");
    assertEquals(ConditionStatus.CONDITION_STATUS_FALSE, synced.getStatus());
    assertEquals("InvalidSpec", synced.getReason());
    assertTrue(synced.getMessage().contains("spec.gitURL"), synced.getMessage());
    assertEquals("InvalidSpec", condition(p.status(), "Ready").getReason());
  }

  @Test
  void aCrNameWithADotIsInvalid() {
    Plan p = plan(rig("my.rig").build(), town());
    assertEquals(List.of(), p.actions());
    assertTrue(condition(p.status(), "Synced").getMessage().contains("metadata.name"));
  }

  @Test
  void aPresentRigIsReportedFromTheTown() {
    Plan p = plan(rig("my-rig").build(), town(present("my_rig", "operational")));
    assertEquals(List.of(), p.actions());
    var s = p.status().getRig();
    assertEquals("Ready", s.getPhase());
    assertEquals("/town/my_rig", s.getPath());
    assertEquals("running", s.getWitness());
    assertEquals("stopped", s.getRefinery());
    assertEquals(2, s.getPolecats());
    assertEquals(1, s.getCrew());
    assertEquals("operational", s.getTownStatus());
    assertEquals(ConditionStatus.CONDITION_STATUS_TRUE, condition(p.status(), "Ready").getStatus());
    assertEquals(
        ConditionStatus.CONDITION_STATUS_TRUE, condition(p.status(), "Synced").getStatus());
  }

  @Test
  void phasesFollowGtStatus() {
    assertEquals(
        "Parked",
        plan(rig("r").build(), town(present("r", "parked"))).status().getRig().getPhase());
    assertEquals(
        "Docked",
        plan(rig("r").build(), town(present("r", "docked"))).status().getRig().getPhase());
    assertEquals(
        "Error", plan(rig("r").build(), town(present("r", "error"))).status().getRig().getPhase());
    assertEquals(
        "Unknown",
        plan(rig("r").build(), town(present("r", "weird"))).status().getRig().getPhase());
    Plan parked = plan(rig("r").build(), town(present("r", "parked")));
    assertEquals(
        ConditionStatus.CONDITION_STATUS_FALSE, condition(parked.status(), "Ready").getStatus());
    assertEquals("Parked", condition(parked.status(), "Ready").getReason());
  }

  @Test
  void aLocalPathMismatchIsAConditionNotAnAction() {
    Resource r = rig("r").setRig(rig("r").getRig().toBuilder().setLocalPath("/wanted/r")).build();
    Plan p = plan(r, town(present("r", "operational")));
    assertEquals(List.of(), p.actions());
    Condition c = condition(p.status(), "PathMismatch");
    assertEquals(ConditionStatus.CONDITION_STATUS_TRUE, c.getStatus());
    assertTrue(c.getMessage().contains("/town/r") && c.getMessage().contains("/wanted/r"));
    Resource same = rig("r").setRig(rig("r").getRig().toBuilder().setLocalPath("/town/r/")).build();
    assertEquals(
        ConditionStatus.CONDITION_STATUS_FALSE,
        condition(plan(same, town(present("r", "operational"))).status(), "PathMismatch")
            .getStatus());
  }

  @Test
  void aFailedAddIsReportedAndWaitsForItsBackoff() {
    Failure f =
        new Failure(
            "AddRig", GtErrors.Kind.OTHER, "Dolt server is not running", 3, NOW.plusSeconds(5));
    Plan waiting =
        plan(
            rig("r").build(),
            town(),
            new ResourceFacts(Optional.of(f)),
            AllowList.all(),
            Optional.empty());
    assertEquals(List.of(), waiting.actions());
    assertEquals("Error", waiting.status().getRig().getPhase());
    Condition synced = condition(waiting.status(), "Synced");
    assertEquals("AddFailed", synced.getReason());
    assertTrue(synced.getMessage().contains("Dolt server is not running"));

    Failure expired = new Failure("AddRig", GtErrors.Kind.OTHER, "Dolt", 3, NOW.minusSeconds(1));
    Plan retry =
        plan(
            rig("r").build(),
            town(),
            new ResourceFacts(Optional.of(expired)),
            AllowList.all(),
            Optional.empty());
    assertEquals(1, retry.actions().size());
    assertEquals("AddFailed", condition(retry.status(), "Synced").getReason());

    Resource edited = rig("r").setGeneration(4).build();
    Plan afterEdit =
        plan(edited, town(), new ResourceFacts(Optional.of(f)), AllowList.all(), Optional.empty());
    assertEquals(1, afterEdit.actions().size());
  }

  @Test
  void aRigTheAllowListExcludesIsNotAllowed() {
    Plan p =
        plan(
            rig("my-rig").build(),
            town(),
            ResourceFacts.none(),
            new AllowList(List.of(), List.of("other")),
            Optional.empty());
    assertEquals(List.of(), p.actions());
    assertEquals("NotAllowed", condition(p.status(), "Synced").getReason());
    assertTrue(
        plan(
                    rig("my-rig").build(),
                    town(),
                    ResourceFacts.none(),
                    new AllowList(List.of(), List.of("my-rig")),
                    Optional.empty())
                .actions()
                .size()
            == 1);
  }

  @Test
  void aRigBoundToAnotherClusterIsAConflictNotAnOrder() {
    Plan p =
        plan(
            rig("r").setDeletionRequested(false).build(),
            town(),
            ResourceFacts.none(),
            AllowList.all(),
            Optional.of(new ResourceKey("staging", "uid-9")));
    assertEquals(List.of(), p.actions());
    Condition synced = condition(p.status(), "Synced");
    assertEquals("RigBoundElsewhere", synced.getReason());
    assertTrue(synced.getMessage().contains("staging"));
    Plan sameCluster =
        plan(
            rig("r").build(),
            town(),
            ResourceFacts.none(),
            AllowList.all(),
            Optional.of(new ResourceKey("prod", "uid-9")));
    assertEquals("RigNameConflict", condition(sameCluster.status(), "Synced").getReason());
  }

  @Test
  void deletingWithRetainLeavesTheTownAloneAndFinalizes() {
    Plan p = plan(rig("r").setDeletionRequested(true).build(), town(present("r", "operational")));
    assertEquals(List.of(), p.actions());
    assertTrue(p.status().getFinalized());
  }

  static Resource removing(boolean force) {
    Resource.Builder b =
        rig("r")
            .setDeletionRequested(true)
            .setRig(
                rig("r").getRig().toBuilder()
                    .setDeletionPolicy(DeletionPolicy.DELETION_POLICY_REMOVE));
    if (force) {
      b.putAnnotations("gastown.gastown.io/force-delete", "true");
    }
    return b.build();
  }

  @Test
  void deletingWithRemoveRemovesWithoutForceUnlessAnnotated() {
    Plan p = plan(removing(false), town(present("r", "operational")));
    assertEquals(List.of(new Action.RemoveRig(KEY, 3, "r", false)), p.actions());
    assertFalse(p.status().getFinalized());
    Plan forced = plan(removing(true), town(present("r", "operational")));
    assertEquals(List.of(new Action.RemoveRig(KEY, 3, "r", true)), forced.actions());
  }

  @Test
  void aRefusedRemovalSaysWhyAndDoesNotFinalize() {
    Failure refused =
        new Failure(
            "RemoveRig",
            GtErrors.Kind.BLOCKED,
            "refusing to remove rig with running sessions",
            3,
            NOW.plusSeconds(30));
    Plan p =
        plan(
            removing(false),
            town(present("r", "operational")),
            new ResourceFacts(Optional.of(refused)),
            AllowList.all(),
            Optional.empty());
    assertEquals(List.of(), p.actions());
    assertFalse(p.status().getFinalized());
    Condition synced = condition(p.status(), "Synced");
    assertEquals("RemoveRefused", synced.getReason());
    assertTrue(synced.getMessage().contains("running sessions"));
    assertTrue(synced.getMessage().contains("force-delete"));
  }

  @Test
  void aRemovedRigFinalizes() {
    Plan p = plan(removing(false), town());
    assertEquals(List.of(), p.actions());
    assertTrue(p.status().getFinalized());
  }

  @Test
  void deletingAnInvalidOrForeignRigFinalizesWithoutTouchingTheTown() {
    Resource invalid = rig("my.rig").setDeletionRequested(true).build();
    Plan p = plan(invalid, town(present("my.rig", "operational")));
    assertEquals(List.of(), p.actions());
    assertTrue(p.status().getFinalized());
    Plan foreign =
        plan(
            removing(false),
            town(present("r", "operational")),
            ResourceFacts.none(),
            AllowList.all(),
            Optional.of(new ResourceKey("staging", "u")));
    assertEquals(List.of(), foreign.actions());
    assertTrue(foreign.status().getFinalized());
  }

  @Test
  void planningIsAPureFunction() {
    Resource r = rig("r").build();
    TownSnapshot t = town(present("r", "operational"));
    assertEquals(plan(r, t), plan(r, t));
  }

  @Test
  void askingForForceRetriesARefusedRemovalAtOnce() {
    Failure refused =
        new Failure(
            "RemoveRig",
            GtErrors.Kind.BLOCKED,
            "refusing to remove rig with running sessions",
            3,
            NOW.plusSeconds(30));
    Plan p =
        plan(
            removing(true),
            town(present("r", "operational")),
            new ResourceFacts(Optional.of(refused)),
            AllowList.all(),
            Optional.empty());
    assertEquals(List.of(new Action.RemoveRig(KEY, 3, "r", true)), p.actions());
  }
}
