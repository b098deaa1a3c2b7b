package io.gastown.agent.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.GtErrors;
import io.gastown.agent.town.PolecatDetail;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.SessionInfo;
import io.gastown.agent.town.SlingRequest;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.PolecatDesiredState;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.PolecatStatus;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolecatPlannerTest {
  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  static final ResourceKey KEY = new ResourceKey("prod", "pc-1");
  static final RigResolution RIG = RigResolution.of("my_rig", "mr");

  static Resource.Builder polecat(PolecatSpec.Builder spec) {
    return Resource.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_POLECAT)
                .setNamespace("team-a")
                .setName("fix-it")
                .setUid(KEY.uid()))
        .setGeneration(2)
        .setPolecat(spec);
  }

  static PolecatSpec.Builder spec() {
    return PolecatSpec.newBuilder().setRig("my-rig").setBeadId("mr-abc12");
  }

  static PolecatInfo working(String name) {
    return new PolecatInfo("my_rig", name, "working", "mr-abc12", true, false, "");
  }

  static TownSnapshot town(List<PolecatInfo> polecats, List<SessionInfo> sessions) {
    return new TownSnapshot(
        NOW,
        List.of(new RigInfo("my_rig", "mr", "operational", "running", "running", 1, 0)),
        polecats,
        sessions,
        Map.of(
            "my_rig/furiosa",
            new PolecatDetail(
                "my_rig",
                "furiosa",
                "working",
                "mr-abc12",
                "/t/my_rig/polecats/furiosa",
                "polecat/furiosa",
                true,
                "mr-furiosa",
                "2025-01-01 11:59:30")));
  }

  static TownSnapshot empty() {
    return town(List.of(), List.of());
  }

  static Plan plan(Resource r, TownSnapshot town) {
    return plan(r, town, RIG, ResourceFacts.none(), true);
  }

  static Plan plan(
      Resource r, TownSnapshot town, RigResolution rig, ResourceFacts facts, boolean capacity) {
    return PolecatPlanner.plan(
        new PolecatInput(
            KEY,
            r,
            rig,
            town,
            AllowList.all(),
            capacity,
            facts,
            Duration.ofSeconds(60),
            ZoneOffset.UTC,
            NOW));
  }

  static Condition condition(StatusReport s, String type) {
    return s.getConditionsList().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + s));
  }

  static String reason(Plan p, String type) {
    return condition(p.status(), type).getReason();
  }

  static ResourceFacts failed(String action, String message, Instant retryAt) {
    return new ResourceFacts(
        Optional.of(new Failure(action, GtErrors.classify(message), message, 2, retryAt)));
  }

  static ResourceFacts inFlight(Instant startedAt, int attempts) {
    return new ResourceFacts(
        Optional.empty(),
        Optional.of(new InFlightSling("mr-abc12", 2, startedAt, attempts)),
        Optional.empty());
  }

  @Test
  void anUnhookedBeadIsSlungWithEveryOptionAsItsOwnArgument() {
    Resource r =
        polecat(
                spec()
                    .setAgent("claude")
                    .setSubject("Fix it")
                    .setMessage("Please\nfix")
                    .setMerge("mr")
                    .setBaseBranch("main"))
            .build();
    Plan p = plan(r, empty());
    assertEquals(
        List.of(
            new Action.Sling(
                KEY,
                2,
                new SlingRequest(
                    "mr-abc12", "my_rig", "claude", "Fix it", "Please\nfix", "mr", "main"))),
        p.actions());
    assertEquals("Pending", p.status().getPolecat().getPhase());
    assertEquals("Slinging", reason(p, "Synced"));
    assertEquals("mr-abc12", p.status().getPolecat().getBeadId());
    assertEquals("my_rig", p.status().getPolecat().getRigName());
  }

  @Test
  void aHookedBeadIsAdoptedNotSlungAgain() {
    Plan p = plan(polecat(spec()).build(), town(List.of(working("furiosa")), List.of()));
    assertEquals(List.of(), p.actions());
    PolecatStatus s = p.status().getPolecat();
    assertEquals("Working", s.getPhase());
    assertEquals("furiosa", s.getPolecatName());
    assertEquals("mr-furiosa", s.getSession(), "<prefix>-<name> when gt did not name it");
    assertTrue(s.getSessionRunning());
    assertEquals("polecat/furiosa", s.getBranch());
    assertEquals("/t/my_rig/polecats/furiosa", s.getClonePath());
    assertEquals("2025-01-01T11:59:30Z", s.getLastActivity());
    assertEquals(ConditionStatus.CONDITION_STATUS_TRUE, condition(p.status(), "Ready").getStatus());
    assertEquals(
        ConditionStatus.CONDITION_STATUS_TRUE, condition(p.status(), "Synced").getStatus());
  }

  @Test
  void theSessionListNamesTheSessionAndSaysWhetherItRuns() {
    Plan p =
        plan(
            polecat(spec()).build(),
            town(
                List.of(working("furiosa")),
                List.of(new SessionInfo("my_rig", "furiosa", "custom-sess", false))));
    assertEquals("custom-sess", p.status().getPolecat().getSession());
    assertFalse(p.status().getPolecat().getSessionRunning());
    assertEquals("Stalled", p.status().getPolecat().getPhase(), "working with a dead session");
    assertEquals(
        ConditionStatus.CONDITION_STATUS_FALSE, condition(p.status(), "Ready").getStatus());
  }

  @Test
  void phasesFollowGtState() {
    for (var c :
        Map.of(
                "idle", "Idle",
                "done", "Done",
                "stuck", "Stuck",
                "stalled", "Stalled",
                "zombie", "Zombie",
                "weird", "Unknown")
            .entrySet()) {
      PolecatInfo p = new PolecatInfo("my_rig", "nux", c.getKey(), "mr-abc12", true, false, "");
      assertEquals(
          c.getValue(),
          plan(polecat(spec()).build(), town(List.of(p), List.of()))
              .status()
              .getPolecat()
              .getPhase(),
          c.getKey());
    }
    PolecatInfo zombie = new PolecatInfo("my_rig", "nux", "working", "mr-abc12", true, true, "");
    assertEquals(
        "Zombie",
        plan(polecat(spec()).build(), town(List.of(zombie), List.of()))
            .status()
            .getPolecat()
            .getPhase());
  }

  @Test
  void anInvalidSpecSlingsNothing() {
    Plan p = plan(polecat(spec().setSubject("a\nb").setBeadId("--force")).build(), empty());
    assertEquals(List.of(), p.actions());
    assertEquals("InvalidSpec", reason(p, "Synced"));
    assertTrue(condition(p.status(), "Synced").getMessage().contains("spec.beadID"));
    assertTrue(condition(p.status(), "Synced").getMessage().contains("spec.subject"));
  }

  @Test
  void anUnknownRigIsRigNotFound() {
    Plan p =
        plan(
            polecat(spec()).build(),
            empty(),
            RigResolution.problem("RigNotFound", "no Rig named 'my-rig'"),
            ResourceFacts.none(),
            true);
    assertEquals(List.of(), p.actions());
    assertEquals("RigNotFound", reason(p, "Synced"));
    assertEquals("Pending", p.status().getPolecat().getPhase());
  }

  @Test
  void aNamespaceOutsideTheAllowListIsRefused() {
    Plan p =
        PolecatPlanner.plan(
            new PolecatInput(
                KEY,
                polecat(spec()).build(),
                RIG,
                empty(),
                new AllowList(List.of("team-b"), List.of()),
                true,
                ResourceFacts.none(),
                Duration.ofSeconds(60),
                ZoneOffset.UTC,
                NOW));
    assertEquals(List.of(), p.actions());
    assertEquals("NotAllowed", reason(p, "Synced"));
  }

  @Test
  void aFreshInFlightSlingIsWaitedFor() {
    Plan p = plan(polecat(spec()).build(), empty(), RIG, inFlight(NOW.minusSeconds(10), 1), true);
    assertEquals(List.of(), p.actions());
    assertEquals("SlingInFlight", reason(p, "Synced"));
  }

  @Test
  void aStaleInFlightSlingIsRetriedOnceThenNotAgain() {
    Plan retry =
        plan(polecat(spec()).build(), empty(), RIG, inFlight(NOW.minusSeconds(61), 1), true);
    assertEquals(1, retry.actions().size());
    Plan stop =
        plan(polecat(spec()).build(), empty(), RIG, inFlight(NOW.minusSeconds(61), 2), true);
    assertEquals(List.of(), stop.actions());
    assertEquals("SlingUnconfirmed", reason(stop, "Synced"));
  }

  @Test
  void anInFlightSlingWhoseBeadIsHookedIsAdopted() {
    Plan p =
        plan(
            polecat(spec()).build(),
            town(List.of(working("furiosa")), List.of()),
            RIG,
            inFlight(NOW.minusSeconds(1), 1),
            true);
    assertEquals(List.of(), p.actions());
    assertEquals("furiosa", p.status().getPolecat().getPolecatName());
  }

  @Test
  void aClosedBeadIsNeverSlungAgainForThatGeneration() {
    ResourceFacts f =
        failed("Sling", "bead mr-abc12 is closed (work already completed)", NOW.minusSeconds(600));
    Plan p = plan(polecat(spec()).build(), empty(), RIG, f, true);
    assertEquals(List.of(), p.actions(), "even after the backoff");
    assertEquals("BeadClosed", reason(p, "Synced"));
    assertEquals(
        1,
        plan(polecat(spec()).setGeneration(3).build(), empty(), RIG, f, true).actions().size(),
        "a new generation may");
  }

  @Test
  void slingFailuresAreNamedAndRetriedAfterTheirBackoff() {
    ResourceFacts notFound =
        failed("Sling", "'mr-abc12' is not a valid bead or formula", NOW.plusSeconds(5));
    Plan p = plan(polecat(spec()).build(), empty(), RIG, notFound, true);
    assertEquals(List.of(), p.actions());
    assertEquals("BeadNotFound", reason(p, "Synced"));
    assertEquals("Error", p.status().getPolecat().getPhase());
    ResourceFacts hooked =
        failed("Sling", "bead mr-abc12 is already hooked to mayor", NOW.plusSeconds(5));
    assertEquals(
        "BeadHookedElsewhere",
        reason(plan(polecat(spec()).build(), empty(), RIG, hooked, true), "Synced"));
    ResourceFacts other = failed("Sling", "polecat cap reached", NOW.minusSeconds(1));
    Plan retry = plan(polecat(spec()).build(), empty(), RIG, other, true);
    assertEquals(1, retry.actions().size());
    assertEquals("SlingFailed", reason(retry, "Synced"));
  }

  @Test
  void noCapacityMeansNoSling() {
    Plan p = plan(polecat(spec()).build(), empty(), RIG, ResourceFacts.none(), false);
    assertEquals(List.of(), p.actions());
    assertEquals("CapacityReached", reason(p, "Synced"));
  }

  static Resource.Builder desired(PolecatDesiredState state) {
    return polecat(spec().setDesiredState(state));
  }

  @Test
  void idleStopsARunningSession() {
    Plan p =
        plan(
            desired(PolecatDesiredState.POLECAT_DESIRED_STATE_IDLE).build(),
            town(List.of(working("furiosa")), List.of()));
    assertEquals(List.of(new Action.StopSession(KEY, 2, "my_rig", "furiosa", false)), p.actions());
    PolecatInfo stopped =
        new PolecatInfo("my_rig", "furiosa", "stalled", "mr-abc12", false, false, "");
    Plan done =
        plan(
            desired(PolecatDesiredState.POLECAT_DESIRED_STATE_IDLE).build(),
            town(List.of(stopped), List.of()));
    assertEquals(List.of(), done.actions());
    assertEquals("Idle", done.status().getPolecat().getPhase());
    assertEquals(
        ConditionStatus.CONDITION_STATUS_TRUE, condition(done.status(), "Ready").getStatus());
  }

  @Test
  void idleWithNothingSlungSlingsNothing() {
    Plan p = plan(desired(PolecatDesiredState.POLECAT_DESIRED_STATE_IDLE).build(), empty());
    assertEquals(List.of(), p.actions());
    assertEquals("NotSlung", reason(p, "Synced"));
  }

  @Test
  void terminatedNukesWithoutForceUnlessAnnotated() {
    Plan p =
        plan(
            desired(PolecatDesiredState.POLECAT_DESIRED_STATE_TERMINATED).build(),
            town(List.of(working("furiosa")), List.of()));
    assertEquals(List.of(new Action.NukePolecat(KEY, 2, "my_rig", "furiosa", false)), p.actions());
    assertFalse(p.status().getFinalized());
    Resource forced =
        desired(PolecatDesiredState.POLECAT_DESIRED_STATE_TERMINATED)
            .putAnnotations("gastown.gastown.io/force-delete", "true")
            .build();
    assertEquals(
        List.of(new Action.NukePolecat(KEY, 2, "my_rig", "furiosa", true)),
        plan(forced, town(List.of(working("furiosa")), List.of())).actions());
  }

  @Test
  void aBlockedNukeSaysWhyKeepsTheFinalizerAndWaits() {
    Resource deleting = polecat(spec()).setDeletionRequested(true).build();
    ResourceFacts blocked =
        failed("NukePolecat", "blocked: 1 polecat(s) have active work", NOW.plusSeconds(30));
    Plan p = plan(deleting, town(List.of(working("furiosa")), List.of()), RIG, blocked, true);
    assertEquals(List.of(), p.actions());
    assertFalse(p.status().getFinalized());
    Condition b = condition(p.status(), "Blocked");
    assertEquals(ConditionStatus.CONDITION_STATUS_TRUE, b.getStatus());
    assertEquals("blocked: 1 polecat(s) have active work", b.getMessage());
    assertTrue(condition(p.status(), "Synced").getMessage().contains("force-delete"));
    ResourceFacts expired =
        failed("NukePolecat", "blocked: 1 polecat(s) have active work", NOW.minusSeconds(1));
    assertEquals(
        1,
        plan(deleting, town(List.of(working("furiosa")), List.of()), RIG, expired, true)
            .actions()
            .size(),
        "retried later");
  }

  @Test
  void aGoneOrNeverSlungPolecatIsTerminatedAndFinalized() {
    Plan p = plan(polecat(spec()).setDeletionRequested(true).build(), empty());
    assertEquals(List.of(), p.actions());
    assertEquals("Terminated", p.status().getPolecat().getPhase());
    assertTrue(p.status().getFinalized());
    Plan desiredTerminated =
        plan(desired(PolecatDesiredState.POLECAT_DESIRED_STATE_TERMINATED).build(), empty());
    assertFalse(
        desiredTerminated.status().getFinalized(), "finalized only when the CR is being deleted");
  }

  @Test
  void deletionWaitsForAnInFlightSlingBeforeFinalizing() {
    Plan p =
        plan(
            polecat(spec()).setDeletionRequested(true).build(),
            empty(),
            RIG,
            inFlight(NOW.minusSeconds(5), 1),
            true);
    assertFalse(p.status().getFinalized());
    assertEquals("SlingInFlight", reason(p, "Synced"));
  }

  @Test
  void deletionNukesTheHookedPolecatEvenWhenTheRigIsGone() {
    Plan p =
        plan(
            polecat(spec()).setDeletionRequested(true).build(),
            town(List.of(working("furiosa")), List.of()),
            RigResolution.problem("RigNotFound", "gone"),
            ResourceFacts.none(),
            true);
    assertEquals(List.of(new Action.NukePolecat(KEY, 2, "my_rig", "furiosa", false)), p.actions());
  }

  @Test
  void aKnownPolecatIsFollowedWhenItNoLongerListsTheBead() {
    PolecatInfo done = new PolecatInfo("my_rig", "furiosa", "done", "", false, false, "");
    ResourceFacts known =
        new ResourceFacts(Optional.empty(), Optional.empty(), Optional.of("my_rig/furiosa"));
    Plan p = plan(polecat(spec()).build(), town(List.of(done), List.of()), RIG, known, true);
    assertEquals(List.of(), p.actions());
    assertEquals("Done", p.status().getPolecat().getPhase());
    PolecatInfo reused =
        new PolecatInfo("my_rig", "furiosa", "working", "mr-other", true, false, "");
    assertEquals(
        1,
        plan(polecat(spec()).build(), town(List.of(reused), List.of()), RIG, known, true)
            .actions()
            .size(),
        "a polecat now on another bead is not ours");
  }

  @Test
  void askingForForceRetriesABlockedNukeAtOnce() {
    Resource forced =
        polecat(spec())
            .setDeletionRequested(true)
            .putAnnotations("gastown.gastown.io/force-delete", "true")
            .build();
    ResourceFacts blocked =
        failed("NukePolecat", "blocked: 1 polecat(s) have active work", NOW.plusSeconds(30));
    assertEquals(
        List.of(new Action.NukePolecat(KEY, 2, "my_rig", "furiosa", true)),
        plan(forced, town(List.of(working("furiosa")), List.of()), RIG, blocked, true).actions());
  }
}
