package io.gastown.agent.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.SessionInfo;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.AutomatonSpec;
import io.gastown.proto.v1.ClaimDecision;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutomatonPlannerTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final ResourceKey KEY = new ResourceKey("prod", "am-1");
  static final RigResolution RIG = RigResolution.of("work_rig", "wr");

  static Resource.Builder automaton(AutomatonSpec.Builder spec) {
    return Resource.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_AUTOMATON)
                .setNamespace("team-a")
                .setName("fix-it")
                .setUid("am-1"))
        .setGeneration(1)
        .setAutomaton(spec);
  }

  static AutomatonSpec.Builder task() {
    return AutomatonSpec.newBuilder()
        .setRig("work-rig")
        .setTaskTitle("Fix the flaky test")
        .setTaskDescription("LoginIT fails one run in ten")
        .setClaimedBy("laptop");
  }

  static TownSnapshot town(PolecatInfo... polecats) {
    List<SessionInfo> sessions =
        java.util.Arrays.stream(polecats)
            .map(p -> new SessionInfo(p.rig(), p.name(), "wr-" + p.name(), p.sessionRunning()))
            .toList();
    return new TownSnapshot(NOW, List.of(), List.of(polecats), sessions, Map.of());
  }

  static AutomatonInput input(Resource r, TownSnapshot town, Optional<String> created) {
    return new AutomatonInput(
        KEY,
        r,
        "laptop",
        RIG,
        town,
        AllowList.all(),
        created,
        ResourceFacts.none(),
        Duration.ofSeconds(60),
        ZoneOffset.UTC,
        NOW);
  }

  static Condition ours(Plan p) {
    assertEquals(1, p.status().getConditionsCount(), "one condition, ours, nothing else");
    Condition c = p.status().getConditions(0);
    assertEquals(AutomatonPlanner.CONDITION, c.getType());
    return c;
  }

  @Test
  void aTaskWithoutABeadCreatesOneLabelledWithTheAutomatonInTheRig() {
    Plan p = AutomatonPlanner.plan(input(automaton(task()).build(), town(), Optional.empty()));
    Action.CreateBead create = assertInstanceOf(Action.CreateBead.class, p.actions().get(0));
    assertEquals("work_rig", create.request().rigName());
    assertEquals("Fix the flaky test", create.request().title());
    assertEquals("gastown-automaton-am-1", create.request().label());
    assertEquals("Pending", p.status().getAutomaton().getPhase());
    assertEquals("CreatingBead", ours(p).getReason());
  }

  @Test
  void theCreatedBeadIsSlungAsAPolecatWouldBe() {
    Plan p =
        AutomatonPlanner.plan(input(automaton(task()).build(), town(), Optional.of("wr-abc12")));
    Action.Sling sling = assertInstanceOf(Action.Sling.class, p.actions().get(0));
    assertEquals("wr-abc12", sling.request().beadId());
    assertEquals("work_rig", sling.request().rigName());
    assertEquals(KEY, sling.key(), "journaled under the Automaton's own key");
    assertEquals("wr-abc12", p.status().getAutomaton().getBeadId());
    assertEquals(ConditionStatus.CONDITION_STATUS_UNKNOWN, ours(p).getStatus());
  }

  @Test
  void aNamedBeadIsWorkedWithoutCreatingOne() {
    Resource r = automaton(task().setBeadId("wr-named1")).build();
    Plan p = AutomatonPlanner.plan(input(r, town(), Optional.empty()));
    assertEquals(
        "wr-named1", assertInstanceOf(Action.Sling.class, p.actions().get(0)).request().beadId());
  }

  @Test
  void aHookedBeadIsReportedWorkingWithItsPolecatAndNeverSlungAgain() {
    PolecatInfo nux = new PolecatInfo("work_rig", "nux", "working", "wr-abc12", true, false, "");
    Plan p =
        AutomatonPlanner.plan(input(automaton(task()).build(), town(nux), Optional.of("wr-abc12")));
    assertTrue(p.actions().isEmpty());
    assertEquals("Working", p.status().getAutomaton().getPhase());
    assertEquals("work_rig/nux", p.status().getAutomaton().getPolecat());
    assertEquals(ConditionStatus.CONDITION_STATUS_TRUE, ours(p).getStatus());
    assertTrue(ours(p).getMessage().contains("laptop"));
  }

  @Test
  void aClaimNamingAnotherHostIsNeverWorked() {
    Resource r = automaton(task().setClaimedBy("other")).build();
    Plan p = AutomatonPlanner.plan(input(r, town(), Optional.of("wr-abc12")));
    assertTrue(p.actions().isEmpty());
    assertEquals("ClaimedElsewhere", ours(p).getReason());
  }

  @Test
  void hostileFieldsNeverReachBdOrGt() {
    Resource r = automaton(task().setTaskTitle("--help")).build();
    Plan p = AutomatonPlanner.plan(input(r, town(), Optional.empty()));
    assertTrue(p.actions().isEmpty());
    assertEquals("InvalidSpec", ours(p).getReason());
    Resource badBead = automaton(task().setBeadId("../etc")).build();
    assertEquals(
        "InvalidSpec",
        ours(AutomatonPlanner.plan(input(badBead, town(), Optional.empty()))).getReason());
  }

  @Test
  void offersAreTakenOnlyWithARigAndWithinCapacity() {
    Resource offer = automaton(task().setClaimedBy("")).build();
    ClaimDecision yes = ClaimDecider.decide(offer, AllowList.all(), RIG, 2, 1);
    assertTrue(yes.getAccept());
    assertEquals("am-1", yes.getUid());
    assertTrue(
        ClaimDecider.decide(offer, AllowList.all(), RIG, 2, 2).getReason().contains("maxAuto"));
    assertTrue(!ClaimDecider.decide(offer, AllowList.all(), RIG, 0, 0).getAccept());
    assertTrue(
        !ClaimDecider.decide(
                offer, AllowList.all(), RigResolution.problem("RigNotFound", "no rig"), 2, 0)
            .getAccept());
    assertTrue(
        !ClaimDecider.decide(offer, new AllowList(List.of("team-b"), List.of()), RIG, 2, 0)
            .getAccept());
  }
}
