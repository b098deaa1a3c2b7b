package io.gastown.agent.reconcile;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.act.Executor;
import io.gastown.agent.act.FailureMemory;
import io.gastown.agent.act.SlingJournal;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.link.DesiredStore;
import io.gastown.agent.plan.ResourceKey;
import io.gastown.agent.report.StatusReporter;
import io.gastown.agent.testing.FakeGt;
import io.gastown.agent.testing.MutableClock;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.PolecatDesiredState;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigSpec;
import io.gastown.proto.v1.StatusReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerTest {
  @TempDir Path stateDir;
  final FakeGt gt = new FakeGt();
  final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  static final int ACTION_THREADS = 4;
  final ExecutorService pool = Executors.newFixedThreadPool(ACTION_THREADS);
  final FailureMemory failures = new FailureMemory(clock, new SplittableRandom(1));
  final DesiredStore prodStore = new DesiredStore();
  final DesiredStore stagingStore = new DesiredStore();
  final List<StatusReport> prodSent = new CopyOnWriteArrayList<>();
  final List<StatusReport> stagingSent = new CopyOnWriteArrayList<>();
  final StatusReporter prodReporter = reporter(prodSent);
  final StatusReporter stagingReporter = reporter(stagingSent);
  RelayConfig prodConfig = RelayConfig.of("prod", "p:1");
  SlingJournal journal;
  Executor executor;
  Reconciler reconciler;

  @BeforeEach
  void setUp() {
    start(Optional::empty);
  }

  /** (Re)builds the agent's planning side, as after a restart; the journal is read from disk. */
  void start(Supplier<Optional<TownSnapshot>> snapshots) {
    journal = new SlingJournal(stateDir, clock);
    Reconciler[] holder = new Reconciler[1];
    executor =
        new Executor(
            gt,
            failures,
            () -> CompletableFuture.completedFuture(null),
            pool,
            List.of(a -> holder[0].beforeAction(a)));
    Supplier<Optional<TownSnapshot>> town =
        snapshots.get().isPresent() ? snapshots : () -> Optional.of(gt.snapshot());
    reconciler =
        new Reconciler(
            "/town",
            List.of(
                new Reconciler.RelayView(prodConfig, prodStore, prodReporter),
                new Reconciler.RelayView(
                    RelayConfig.of("staging", "s:1"), stagingStore, stagingReporter)),
            executor,
            failures,
            journal,
            Duration.ofSeconds(60),
            town,
            clock);
    holder[0] = reconciler;
  }

  static StatusReporter reporter(List<StatusReport> sink) {
    StatusReporter r =
        new StatusReporter(s -> sink.add(s), System::nanoTime, new SplittableRandom(2));
    r.online(true);
    return r;
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  static Resource rig(String uid, String name, DeletionPolicy policy, boolean deleting) {
    return Resource.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(Kind.KIND_RIG).setUid(uid).setName(name))
        .setGeneration(1)
        .setDeletionRequested(deleting)
        .setRig(
            RigSpec.newBuilder()
                .setGitUrl("https://github.com/o/r.git")
                .setBeadsPrefix("rr")
                .setDeletionPolicy(policy))
        .build();
  }

  static Resource rig(String uid, String name) {
    return rig(uid, name, DeletionPolicy.DELETION_POLICY_RETAIN, false);
  }

  static Optional<Condition> condition(List<StatusReport> sent, String uid, String type) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      StatusReport s = sent.get(i);
      if (s.getRef().getUid().equals(uid)) {
        return s.getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst();
      }
    }
    return Optional.empty();
  }

  static Optional<StatusReport> last(List<StatusReport> sent, String uid) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).getRef().getUid().equals(uid)) {
        return Optional.of(sent.get(i));
      }
    }
    return Optional.empty();
  }

  void desire(String relay, DesiredStore store, Resource r) {
    reconciler.desiredChanged(relay, store.upsert(r));
  }

  @Test
  void aDesiredRigIsAddedAtOnceThenReportedReadyWithAnEvent() {
    desire("prod", prodStore, rig("u1", "my-rig"));
    await().until(() -> gt.mutations.contains("rig-add my_rig"));
    await()
        .until(
            () -> last(prodSent, "u1").map(s -> s.getRig().getPhase()).orElse(""), "Ready"::equals);
    assertTrue(
        prodSent.stream()
            .flatMap(s -> s.getEventsList().stream())
            .anyMatch(e -> e.getReason().equals("RigAdded")));
    reconciler.observed(Optional.of(gt.snapshot()));
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(List.of("rig-add my_rig"), gt.mutations, "level-triggered replans add nothing");
  }

  @Test
  void theStatusOfAPlanThatStartedACommandFollowsTheCommandsStart() {
    gt.holdMutations(); // the add runs (and is recorded) once released
    desire("prod", prodStore, rig("u1", "r"));
    assertTrue(executor.busy(new ResourceKey("prod", "u1")), "the add started");
    // its status follows HeldStatuses.HOLD later (not asserted here: a pause of the test's own
    // thread could outlast it); the hold itself is the next test's
    await()
        .until(
            () -> condition(prodSent, "u1", "Synced").map(Condition::getReason).orElse(""),
            "Adding"::equals);
    gt.release();
    await()
        .until(
            () -> last(prodSent, "u1").map(s -> s.getRig().getPhase()).orElse(""), "Ready"::equals);
    assertEquals(List.of("rig-add r"), gt.mutations);
  }

  @Test
  void aHeldStatusIsReportedAfterItsHoldAndANewerOneReplacesIt() {
    List<String> due = new CopyOnWriteArrayList<>();
    HeldStatuses statuses = new HeldStatuses(Duration.ofMillis(50), k -> due.add(k.uid()));
    ResourceKey key = new ResourceKey("prod", "u1");
    StatusReport first = StatusReport.newBuilder().setObservedGeneration(1).build();
    StatusReport newer = StatusReport.newBuilder().setObservedGeneration(2).build();
    statuses.hold(key, first);
    statuses.hold(key, newer);
    assertTrue(due.isEmpty(), "held back");
    await().until(() -> due.equals(List.of("u1"))); // once, for both
    assertEquals(Optional.of(newer), statuses.release(key));
    assertEquals(Optional.empty(), statuses.release(key));
  }

  @Test
  void anIdleCycleRePlansNoRigWhoseTownAndSpecAreUnchanged() {
    desire("prod", prodStore, rig("u1", "r1"));
    desire("prod", prodStore, rig("u2", "r2"));
    await().until(() -> gt.mutations.size() == 2);
    settle("u1");
    settle("u2");
    reconciler.observed(Optional.of(gt.snapshot())); // the adds changed the town: a full pass
    long plans = reconciler.plansMade();
    long passes = reconciler.fullPasses();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(10));
      reconciler.observed(Optional.of(gt.snapshot()));
    }
    assertEquals(plans, reconciler.plansMade(), "nothing changed: nothing planned");
    assertEquals(passes, reconciler.fullPasses());
    gt.addRig("someone-elses");
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(plans + 2, reconciler.plansMade(), "the town changed: every Rig planned");
    clock.advance(ReplanScope.FULL_PASS_EVERY);
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(plans + 4, reconciler.plansMade(), "the safety net's full pass");
  }

  /**
   * A Rig added and settled, then observed until cycles are quiet; returns the full passes so far.
   */
  long addedAndQuiet(String uid, String name) {
    desire("prod", prodStore, rig(uid, name));
    await().until(() -> gt.mutations.contains("rig-add " + name)); // a name gt keeps as it is
    settle(uid);
    reconciler.observed(Optional.of(gt.snapshot())); // the add changed the town: a full pass
    reconciler.observed(Optional.of(gt.snapshot()));
    return reconciler.fullPasses();
  }

  @Test
  void theFirstGoodObservationAfterAFailedOneIsAFullPass() {
    long passes = addedAndQuiet("u1", "r1");
    reconciler.observed(Optional.empty()); // the town outage overwrote every status
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(passes + 1, reconciler.fullPasses(), "the same town, planned again");
  }

  @Test
  void aDesiredChangeMakesTheNextCycleAFullPass() {
    long passes = addedAndQuiet("u1", "r1");
    desire("staging", stagingStore, rig("s1", "r1")); // conflicts, reported at once
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(passes + 1, reconciler.fullPasses());
  }

  @Test
  void aFailedAddIsRetriedByAnIdleCycleOnceItsRetryTimeHasCome() {
    gt.failNext("Dolt server is not running");
    desire("prod", prodStore, rig("u1", "r"));
    await()
        .until(
            () -> condition(prodSent, "u1", "Synced").map(Condition::getReason).orElse(""),
            "AddFailed"::equals);
    settle("u1");
    reconciler.observed(Optional.of(gt.snapshot()));
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(1, gt.mutations.size(), "held back until its retry time");
    long passes = reconciler.fullPasses();
    clock.advance(Duration.ofSeconds(5)); // past the first retry (1–2 s), town unchanged
    reconciler.observed(Optional.of(gt.snapshot()));
    await().until(() -> gt.mutations.size() == 2);
    assertEquals(passes, reconciler.fullPasses(), "retried by a quiet cycle, not a full pass");
    await()
        .until(
            () -> last(prodSent, "u1").map(s -> s.getRig().getPhase()).orElse(""), "Ready"::equals);
  }

  @Test
  void aFailedAddIsReportedAndNotRetriedInAHotLoop() {
    gt.failNext("Dolt server is not running");
    desire("prod", prodStore, rig("u1", "r"));
    await()
        .until(
            () -> condition(prodSent, "u1", "Synced").map(Condition::getReason).orElse(""),
            "AddFailed"::equals);
    for (int i = 0; i < 50; i++) {
      reconciler.observed(Optional.of(gt.snapshot()));
    }
    assertEquals(1, gt.mutations.size());
    assertTrue(
        prodSent.stream()
            .flatMap(s -> s.getEventsList().stream())
            .anyMatch(e -> e.getReason().equals("AddFailed") && e.getWarning()));
  }

  @Test
  void aRigBoundToOneClusterIsAConflictForAnother() {
    desire("prod", prodStore, rig("u1", "r"));
    await().until(() -> gt.mutations.contains("rig-add r"));
    desire("staging", stagingStore, rig("s1", "r"));
    assertEquals(
        "RigBoundElsewhere",
        condition(stagingSent, "s1", "Synced").map(Condition::getReason).orElse(""));
    await().until(() -> !executor.busy(new io.gastown.agent.plan.ResourceKey("prod", "u1")));
    reconciler.desiredChanged("prod", prodStore.delete("u1"));
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(
        "Observed",
        condition(stagingSent, "s1", "Synced").map(Condition::getReason).orElse(""),
        "once the first cluster lets go, the other may have it");
  }

  @Test
  void aDesiredDeleteNeverTouchesTheTown() {
    desire("prod", prodStore, rig("u1", "r", DeletionPolicy.DELETION_POLICY_REMOVE, false));
    await().until(() -> gt.mutations.contains("rig-add r"));
    await().until(() -> !executor.busy(new io.gastown.agent.plan.ResourceKey("prod", "u1")));
    reconciler.desiredChanged("prod", prodStore.delete("u1"));
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(List.of("rig-add r"), gt.mutations);
  }

  @Test
  void deletionWithRemoveRemovesThenFinalizes() {
    gt.addRig("r");
    desire("prod", prodStore, rig("u1", "r", DeletionPolicy.DELETION_POLICY_REMOVE, true));
    await().until(() -> gt.mutations.contains("rig-remove r"));
    await().until(() -> last(prodSent, "u1").map(StatusReport::getFinalized).orElse(false));
  }

  @Test
  void nothingIsPlannedWithoutASuccessfulObservation() {
    Reconciler blind =
        new Reconciler(
            "/town",
            List.of(new Reconciler.RelayView(prodConfig, prodStore, prodReporter)),
            executor,
            failures,
            journal,
            Duration.ofSeconds(60),
            Optional::empty,
            clock);
    blind.desiredChanged("prod", prodStore.upsert(rig("u1", "r")));
    blind.observed(Optional.empty());
    assertEquals(List.of(), gt.mutations);
    assertEquals(List.of(), prodSent);
  }

  static Resource polecatCr(String uid, String bead, PolecatDesiredState state, boolean deleting) {
    return Resource.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_POLECAT)
                .setNamespace("team-a")
                .setUid(uid)
                .setName("pc-" + uid))
        .setGeneration(1)
        .setDeletionRequested(deleting)
        .setPolecat(PolecatSpec.newBuilder().setRig("r").setBeadId(bead).setDesiredState(state))
        .build();
  }

  static Resource polecatCr(String uid, String bead) {
    return polecatCr(uid, bead, PolecatDesiredState.POLECAT_DESIRED_STATE_WORKING, false);
  }

  String polecatPhase(String uid) {
    return last(prodSent, uid).map(s -> s.getPolecat().getPhase()).orElse("");
  }

  void settle(String uid) {
    await().until(() -> !executor.busy(new ResourceKey("prod", uid)));
  }

  /** Occupies every action thread until the latch is counted down: actions submitted now wait. */
  CountDownLatch pauseActionThreads() {
    CountDownLatch paused = new CountDownLatch(1);
    for (int i = 0; i < ACTION_THREADS; i++) {
      pool.execute(
          () -> {
            try {
              paused.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    return paused;
  }

  long slings() {
    return gt.mutations.stream().filter(m -> m.startsWith("sling")).count();
  }

  @Test
  void aPolecatIsSlungOnceAndReportedWorking() {
    gt.addRig("r");
    desire("prod", prodStore, rig("rig-1", "r"));
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    await().until(() -> polecatPhase("p1"), "Working"::equals);
    StatusReport s = last(prodSent, "p1").orElseThrow();
    assertEquals("cat1", s.getPolecat().getPolecatName());
    assertTrue(
        prodSent.stream()
            .flatMap(x -> x.getEventsList().stream())
            .anyMatch(e -> e.getReason().equals("Slung")));
    for (int i = 0; i < 20; i++) {
      reconciler.observed(Optional.of(gt.snapshot()));
    }
    desire(
        "prod", prodStore, polecatCr("p1", "rr-abc12").toBuilder().setResourceVersion("9").build());
    assertEquals(1, slings());
    assertTrue(
        journal.get(new ResourceKey("prod", "p1")).isEmpty(),
        "the hooked bead settled the journal");
  }

  @Test
  void aCrashBetweenJournalAndSlingSlingsOnceAfterTheCommandTimeout() {
    gt.addRig("r");
    new SlingJournal(stateDir, clock).begin(new ResourceKey("prod", "p1"), "rr-abc12", "r", 1);
    start(Optional::empty); // the restarted agent reads the journal
    desire("prod", prodStore, rig("rig-1", "r"));
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(0, slings(), "a sling may have happened: wait");
    assertEquals(
        "SlingInFlight", condition(prodSent, "p1", "Synced").map(Condition::getReason).orElse(""));
    clock.advance(Duration.ofSeconds(61));
    reconciler.observed(Optional.of(gt.snapshot()));
    await().until(() -> polecatPhase("p1"), "Working"::equals);
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals(1, slings());
  }

  @Test
  void aCrashAfterTheSlingAdoptsTheHookedPolecat() {
    gt.addRig("r");
    new SlingJournal(stateDir, clock).begin(new ResourceKey("prod", "p1"), "rr-abc12", "r", 1);
    gt.sling(new io.gastown.agent.town.SlingRequest("rr-abc12", "r", "", "", "", "", ""));
    start(Optional::empty);
    desire("prod", prodStore, rig("rig-1", "r"));
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    clock.advance(Duration.ofMinutes(10));
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals("Working", polecatPhase("p1"));
    assertEquals(1, slings(), "only the sling before the crash");
    assertTrue(journal.get(new ResourceKey("prod", "p1")).isEmpty());
  }

  @Test
  void aClosedBeadIsReportedAndNotRetried() {
    gt.addRig("r");
    gt.closeBead("rr-abc12");
    desire("prod", prodStore, rig("rig-1", "r"));
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    await()
        .until(
            () -> condition(prodSent, "p1", "Synced").map(Condition::getReason).orElse(""),
            "BeadClosed"::equals);
    settle("p1");
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 10; i++) {
      reconciler.observed(Optional.of(gt.snapshot()));
    }
    assertEquals(1, slings());
    assertTrue(
        journal.get(new ResourceKey("prod", "p1")).isEmpty(), "a definite refusal settles it");
  }

  @Test
  void aPolecatWithoutItsRigIsRigNotFound() {
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    assertEquals(
        "RigNotFound", condition(prodSent, "p1", "Synced").map(Condition::getReason).orElse(""));
    assertEquals(0, slings());
  }

  @Test
  void aPolecatInARigBoundToAnotherClusterIsRefused() {
    gt.addRig("r");
    desire("staging", stagingStore, rig("s-rig", "r"));
    desire("prod", prodStore, rig("rig-1", "r"));
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    assertEquals(
        "RigBoundElsewhere",
        condition(prodSent, "p1", "Synced").map(Condition::getReason).orElse(""));
    assertEquals(0, slings());
  }

  @Test
  void deletionNukesWithoutForceAndABlockedNukeKeepsTheFinalizer() {
    gt.addRig("r");
    desire("prod", prodStore, rig("rig-1", "r"));
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    await().until(() -> polecatPhase("p1"), "Working"::equals);
    settle("p1");
    gt.failNext("blocked: 1 polecat(s) have active work");
    desire(
        "prod",
        prodStore,
        polecatCr("p1", "rr-abc12", PolecatDesiredState.POLECAT_DESIRED_STATE_WORKING, true));
    await()
        .until(
            () -> condition(prodSent, "p1", "Blocked").map(Condition::getMessage).orElse(""),
            m -> m.contains("active work"));
    settle("p1");
    assertTrue(gt.mutations.contains("nuke r/cat1"));
    assertFalse(last(prodSent, "p1").orElseThrow().getFinalized());
    desire(
        "prod",
        prodStore,
        polecatCr("p1", "rr-abc12", PolecatDesiredState.POLECAT_DESIRED_STATE_WORKING, true)
            .toBuilder()
            .putAnnotations("gastown.gastown.io/force-delete", "true")
            .build());
    await().until(() -> last(prodSent, "p1").map(StatusReport::getFinalized).orElse(false));
    assertTrue(gt.mutations.contains("nuke r/cat1 --force"));
  }

  @Test
  void idleStopsTheSession() {
    gt.addRig("r");
    desire("prod", prodStore, rig("rig-1", "r"));
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    await().until(() -> polecatPhase("p1"), "Working"::equals);
    settle("p1");
    desire(
        "prod",
        prodStore,
        polecatCr("p1", "rr-abc12", PolecatDesiredState.POLECAT_DESIRED_STATE_IDLE, false)
            .toBuilder()
            .setGeneration(2)
            .build());
    await().until(() -> polecatPhase("p1"), "Idle"::equals);
    assertTrue(gt.mutations.contains("session-stop r/cat1"));
  }

  @Test
  void maxPolecatsHoldsBackTheSecondSlingOfOnePass() {
    prodConfig = RelayConfig.of("prod", "p:1").withMaxPolecats(1);
    start(Optional::empty);
    gt.addRig("r");
    CountDownLatch paused = pauseActionThreads(); // no journal entry before the pass ends
    prodStore.upsert(rig("rig-1", "r"));
    prodStore.upsert(polecatCr("p1", "rr-abc12"));
    prodStore.upsert(polecatCr("p2", "rr-def34"));
    reconciler.observed(Optional.of(gt.snapshot())); // one pass plans both Polecats
    paused.countDown();
    settle("p1");
    settle("p2");
    assertEquals(1, slings(), "the first sling counted for the second within the pass");
  }

  @Test
  void maxPolecatsCountsASlingStartedButNotYetJournaled() {
    prodConfig = RelayConfig.of("prod", "p:1").withMaxPolecats(1);
    start(Optional::empty);
    gt.addRig("r");
    desire("prod", prodStore, rig("rig-1", "r"));
    settle("rig-1");
    CountDownLatch paused = pauseActionThreads(); // p1's journal entry is not written yet
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    desire("prod", prodStore, polecatCr("p2", "rr-def34"));
    paused.countDown();
    settle("p1");
    settle("p2");
    assertEquals(1, slings(), "p1's sling counted for p2 before its journal entry existed");
  }

  @Test
  void maxPolecatsHoldsBackFurtherSlings() {
    prodConfig = RelayConfig.of("prod", "p:1").withMaxPolecats(1);
    start(Optional::empty);
    gt.addRig("r");
    desire("prod", prodStore, rig("rig-1", "r"));
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    await().until(() -> polecatPhase("p1"), "Working"::equals);
    desire("prod", prodStore, polecatCr("p2", "rr-def34"));
    assertEquals(
        "CapacityReached",
        condition(prodSent, "p2", "Synced").map(Condition::getReason).orElse(""));
    assertEquals(1, slings());
  }

  @Test
  void aDeadSessionIsReportedStalledWithOneEvent() {
    gt.addRig("r");
    desire("prod", prodStore, rig("rig-1", "r"));
    desire("prod", prodStore, polecatCr("p1", "rr-abc12"));
    await().until(() -> polecatPhase("p1"), "Working"::equals);
    settle("p1");
    gt.putPolecat(
        new io.gastown.agent.town.PolecatInfo(
            "r", "cat1", "working", "rr-abc12", false, false, ""));
    reconciler.observed(Optional.of(gt.snapshot()));
    reconciler.observed(Optional.of(gt.snapshot()));
    assertEquals("Stalled", polecatPhase("p1"));
    assertEquals(
        1,
        prodSent.stream()
            .flatMap(x -> x.getEventsList().stream())
            .filter(e -> e.getReason().equals("SessionDied"))
            .map(io.gastown.proto.v1.Event::getId)
            .distinct()
            .count());
  }
}
