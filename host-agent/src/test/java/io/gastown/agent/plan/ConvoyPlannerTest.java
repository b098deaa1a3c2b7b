package io.gastown.agent.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.ConvoyInfo;
import io.gastown.agent.town.GtErrors;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.ConvoySpec;
import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConvoyPlannerTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final ResourceKey KEY = new ResourceKey("prod", "cv-1");
  static final List<String> BEADS = List.of("gt-aaa11", "gt-bbb22", "gt-ccc33");

  static Resource.Builder convoy() {
    return Resource.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_CONVOY)
                .setNamespace("team-a")
                .setName("login")
                .setUid("cv-1"))
        .setGeneration(1)
        .setConvoy(
            ConvoySpec.newBuilder()
                .setDescription("Login hardening")
                .addAllTrackedBeads(BEADS)
                .setOwner("mayor/")
                .setMerge("mr"));
  }

  static ConvoyInfo town(String id, String title, String status, String... beadStatuses) {
    List<ConvoyInfo.TrackedIssue> tracked =
        java.util.stream.IntStream.range(0, beadStatuses.length)
            .mapToObj(
                i ->
                    new ConvoyInfo.TrackedIssue(
                        BEADS.get(i), "bead " + i, beadStatuses[i], i == 0 ? "r/polecats/nux" : ""))
            .toList();
    int done = (int) tracked.stream().filter(t -> t.status().equals("closed")).count();
    return new ConvoyInfo(
        id, title, status, "2025-06-01T11:00:00.123456Z", tracked, done, tracked.size());
  }

  static TownSnapshot snapshot(ConvoyInfo... convoys) {
    return new TownSnapshot(NOW, List.of(), List.of(), List.of(), Map.of(), List.of(convoys));
  }

  static ConvoyInput input(
      Resource r, TownSnapshot town, Optional<ConvoyRecord> record, Optional<Failure> failure) {
    return new ConvoyInput(
        KEY,
        r,
        town,
        AllowList.all(),
        record,
        failure,
        Set.of(),
        Duration.ofSeconds(60),
        ZoneOffset.UTC,
        NOW);
  }

  static ConvoyRecord bound(String id) {
    return new ConvoyRecord(id, "Login hardening", BEADS, 1, NOW.minusSeconds(600), 1, "");
  }

  static ConvoyRecord unconfirmed(Instant startedAt, int attempts) {
    return new ConvoyRecord("", "Login hardening", BEADS, 1, startedAt, attempts, "");
  }

  static Condition condition(Plan p, String type) {
    return p.status().getConditionsList().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aNewConvoyIsCreatedWithEveryOptionAsItsOwnArgument() {
    Plan p =
        ConvoyPlanner.plan(input(convoy().build(), snapshot(), Optional.empty(), Optional.empty()));
    Action.CreateConvoy create = assertInstanceOf(Action.CreateConvoy.class, p.actions().get(0));
    assertEquals("Login hardening", create.request().description());
    assertEquals(BEADS, create.request().beads());
    assertEquals("mayor/", create.request().owner());
    assertEquals("mr", create.request().merge());
    assertEquals("Pending", p.status().getConvoy().getPhase());
    assertEquals("Creating", condition(p, "Ready").getReason());
  }

  @Test
  void aBoundConvoyReportsProgressAndPerBeadState() {
    Plan p =
        ConvoyPlanner.plan(
            input(
                convoy().build(),
                snapshot(
                    town("hq-cv-abcde", "Login hardening", "open", "closed", "hooked", "open")),
                Optional.of(bound("hq-cv-abcde")),
                Optional.empty()));
    assertTrue(p.actions().isEmpty());
    var s = p.status().getConvoy();
    assertEquals("hq-cv-abcde", s.getConvoyId());
    assertEquals("Open", s.getPhase());
    assertEquals("1/3", s.getProgress());
    assertEquals(1, s.getCompleted());
    assertEquals(3, s.getTotal());
    assertEquals("2025-06-01T11:00:00Z", s.getStartedAt());
    assertEquals("", s.getCompletedAt());
    assertEquals(3, s.getTrackedCount());
    assertEquals("closed", s.getTracked(0).getStatus());
    assertEquals("r/polecats/nux", s.getTracked(0).getAssignee());
    assertEquals("hooked", s.getTracked(1).getStatus());
    assertEquals(ConditionStatus.CONDITION_STATUS_TRUE, condition(p, "Synced").getStatus());
    assertEquals(ConditionStatus.CONDITION_STATUS_TRUE, condition(p, "Ready").getStatus());
  }

  @Test
  void everyBeadClosedIsCompleteWithTheFirstTimeItWasSeen() {
    ConvoyInfo done =
        town("hq-cv-abcde", "Login hardening", "closed", "closed", "closed", "closed");
    Plan first =
        ConvoyPlanner.plan(
            input(
                convoy().build(),
                snapshot(done),
                Optional.of(bound("hq-cv-abcde")),
                Optional.empty()));
    assertEquals("Complete", first.status().getConvoy().getPhase());
    assertEquals("3/3", first.status().getConvoy().getProgress());
    assertEquals("2025-06-01T12:00:00Z", first.status().getConvoy().getCompletedAt());
    ConvoyRecord remembered =
        new ConvoyRecord(
            "hq-cv-abcde", "Login hardening", BEADS, 1, NOW, 1, "2025-05-30T08:00:00Z");
    Plan later =
        ConvoyPlanner.plan(
            input(convoy().build(), snapshot(done), Optional.of(remembered), Optional.empty()));
    assertEquals("2025-05-30T08:00:00Z", later.status().getConvoy().getCompletedAt());
  }

  @Test
  void aConvoyWithTheTitleAndBeadsInTheTownIsAdoptedNotCreatedAgain() {
    Plan p =
        ConvoyPlanner.plan(
            input(
                convoy().build(),
                snapshot(town("hq-cv-zzzzz", "Login hardening", "open", "open", "open", "open")),
                Optional.of(unconfirmed(NOW.minusSeconds(3600), 1)),
                Optional.empty()));
    assertTrue(p.actions().isEmpty(), "the first witness is the town");
    assertEquals("hq-cv-zzzzz", p.status().getConvoy().getConvoyId());
  }

  @Test
  void aConvoyOwnedByAnotherCrIsNeverAdopted() {
    ConvoyInput in =
        new ConvoyInput(
            KEY,
            convoy().build(),
            snapshot(town("hq-cv-other", "Login hardening", "open", "open", "open", "open")),
            AllowList.all(),
            Optional.empty(),
            Optional.empty(),
            Set.of("hq-cv-other"),
            Duration.ofSeconds(60),
            ZoneOffset.UTC,
            NOW);
    assertInstanceOf(Action.CreateConvoy.class, ConvoyPlanner.plan(in).actions().get(0));
  }

  @Test
  void anUnconfirmedCreateIsWaitedForThenRetriedOnceThenReported() {
    Plan young =
        ConvoyPlanner.plan(
            input(
                convoy().build(),
                snapshot(),
                Optional.of(unconfirmed(NOW.minusSeconds(5), 1)),
                Optional.empty()));
    assertTrue(young.actions().isEmpty());
    assertEquals("CreateInFlight", condition(young, "Ready").getReason());
    Plan stale =
        ConvoyPlanner.plan(
            input(
                convoy().build(),
                snapshot(),
                Optional.of(unconfirmed(NOW.minusSeconds(120), 1)),
                Optional.empty()));
    assertInstanceOf(Action.CreateConvoy.class, stale.actions().get(0));
    Plan twice =
        ConvoyPlanner.plan(
            input(
                convoy().build(),
                snapshot(),
                Optional.of(unconfirmed(NOW.minusSeconds(120), 2)),
                Optional.empty()));
    assertTrue(twice.actions().isEmpty());
    assertEquals("CreateUnconfirmed", condition(twice, "Ready").getReason());
    assertEquals("Error", twice.status().getConvoy().getPhase());
  }

  @Test
  void aBoundConvoyThatVanishedIsNeverCreatedAgain() {
    Plan p =
        ConvoyPlanner.plan(
            input(
                convoy().build(), snapshot(), Optional.of(bound("hq-cv-gone")), Optional.empty()));
    assertTrue(p.actions().isEmpty());
    assertEquals("ConvoyMissing", condition(p, "Ready").getReason());
  }

  @Test
  void beadsAddedToTheSpecAreAddedToTheConvoy() {
    Resource grown =
        convoy()
            .setGeneration(2)
            .setConvoy(convoy().getConvoy().toBuilder().addTrackedBeads("gt-ddd44"))
            .build();
    Plan p =
        ConvoyPlanner.plan(
            input(
                grown,
                snapshot(town("hq-cv-abcde", "Login hardening", "open", "open", "open", "open")),
                Optional.of(bound("hq-cv-abcde")),
                Optional.empty()));
    Action.AddToConvoy add = assertInstanceOf(Action.AddToConvoy.class, p.actions().get(0));
    assertEquals("hq-cv-abcde", add.convoyId());
    assertEquals(List.of("gt-ddd44"), add.beads());
    assertEquals("Adding", condition(p, "Synced").getReason());
  }

  @Test
  void descriptionsGtWouldReadAsAnIssueIdOrAnOptionNeverReachGt() {
    for (String bad : List.of("fix-login", "gt-abc12", "--force", " padded", "two\nlines")) {
      Resource r = convoy().setConvoy(convoy().getConvoy().toBuilder().setDescription(bad)).build();
      Plan p = ConvoyPlanner.plan(input(r, snapshot(), Optional.empty(), Optional.empty()));
      assertTrue(p.actions().isEmpty(), bad);
      assertEquals("InvalidSpec", condition(p, "Ready").getReason(), bad);
      assertTrue(condition(p, "Ready").getMessage().contains("spec.description"), bad);
    }
  }

  @Test
  void invalidBeadIdsAreRefused() {
    Resource r =
        convoy()
            .setConvoy(convoy().getConvoy().toBuilder().addTrackedBeads("--all").build())
            .build();
    Plan p = ConvoyPlanner.plan(input(r, snapshot(), Optional.empty(), Optional.empty()));
    assertTrue(p.actions().isEmpty());
    assertTrue(condition(p, "Ready").getMessage().contains("spec.trackedBeads[3]"));
  }

  @Test
  void deletionWithRetainFinalizesAtOnceAndTouchesNothing() {
    Plan p =
        ConvoyPlanner.plan(
            input(
                convoy().setDeletionRequested(true).build(),
                snapshot(town("hq-cv-abcde", "Login hardening", "open", "open", "open", "open")),
                Optional.of(bound("hq-cv-abcde")),
                Optional.empty()));
    assertTrue(p.actions().isEmpty());
    assertTrue(p.status().getFinalized());
  }

  @Test
  void deletionWithCloseClosesAndARefusalKeepsTheFinalizerUntilForced() {
    Resource.Builder deleting = convoy().setDeletionRequested(true);
    deleting.setConvoy(
        deleting.getConvoy().toBuilder().setDeletionPolicy(DeletionPolicy.DELETION_POLICY_CLOSE));
    TownSnapshot open =
        snapshot(town("hq-cv-abcde", "Login hardening", "open", "open", "open", "open"));
    Plan first =
        ConvoyPlanner.plan(
            input(deleting.build(), open, Optional.of(bound("hq-cv-abcde")), Optional.empty()));
    Action.CloseConvoy close = assertInstanceOf(Action.CloseConvoy.class, first.actions().get(0));
    assertFalse(close.force());
    assertFalse(first.status().getFinalized());

    Failure refused =
        new Failure(
            "CloseConvoy",
            GtErrors.classify("convoy has 3 open issue(s)"),
            "convoy has 3 open issue(s)",
            1,
            NOW.plusSeconds(30));
    Plan blocked =
        ConvoyPlanner.plan(
            input(deleting.build(), open, Optional.of(bound("hq-cv-abcde")), Optional.of(refused)));
    assertTrue(blocked.actions().isEmpty());
    assertEquals("CloseRefused", condition(blocked, "Synced").getReason());
    assertTrue(condition(blocked, "Synced").getMessage().contains("force-delete"));
    assertFalse(blocked.status().getFinalized());

    Resource forced = deleting.putAnnotations(Annotations.FORCE_DELETE, "true").build();
    Plan retry =
        ConvoyPlanner.plan(
            input(forced, open, Optional.of(bound("hq-cv-abcde")), Optional.of(refused)));
    assertTrue(assertInstanceOf(Action.CloseConvoy.class, retry.actions().get(0)).force());

    TownSnapshot closed =
        snapshot(town("hq-cv-abcde", "Login hardening", "closed", "open", "open", "open"));
    Plan done =
        ConvoyPlanner.plan(
            input(deleting.build(), closed, Optional.of(bound("hq-cv-abcde")), Optional.empty()));
    assertTrue(done.status().getFinalized());
    assertTrue(done.actions().isEmpty());
  }
}
