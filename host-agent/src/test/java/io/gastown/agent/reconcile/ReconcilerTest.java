package io.gastown.agent.reconcile;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.act.Executor;
import io.gastown.agent.act.FailureMemory;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.link.DesiredStore;
import io.gastown.agent.report.StatusReporter;
import io.gastown.agent.testing.FakeGt;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigSpec;
import io.gastown.proto.v1.StatusReport;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  final FakeGt gt = new FakeGt();
  final ExecutorService pool = Executors.newFixedThreadPool(4);
  final FailureMemory failures = new FailureMemory(Clock.systemUTC(), new SplittableRandom(1));
  final Executor executor =
      new Executor(gt, failures, () -> CompletableFuture.completedFuture(null), pool, List.of());
  final DesiredStore prodStore = new DesiredStore();
  final DesiredStore stagingStore = new DesiredStore();
  final List<StatusReport> prodSent = new CopyOnWriteArrayList<>();
  final List<StatusReport> stagingSent = new CopyOnWriteArrayList<>();
  final StatusReporter prodReporter = reporter(prodSent);
  final StatusReporter stagingReporter = reporter(stagingSent);
  final Reconciler reconciler =
      new Reconciler(
          "/town",
          List.of(
              new Reconciler.RelayView(RelayConfig.of("prod", "p:1"), prodStore, prodReporter),
              new Reconciler.RelayView(
                  RelayConfig.of("staging", "s:1"), stagingStore, stagingReporter)),
          executor,
          failures,
          () -> Optional.of(gt.snapshot()),
          Clock.systemUTC());

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
            List.of(
                new Reconciler.RelayView(RelayConfig.of("prod", "p:1"), prodStore, prodReporter)),
            executor,
            failures,
            Optional::empty,
            Clock.systemUTC());
    blind.desiredChanged("prod", prodStore.upsert(rig("u1", "r")));
    blind.observed(Optional.empty());
    assertEquals(List.of(), gt.mutations);
    assertEquals(List.of(), prodSent);
  }
}
