package io.gastown.agent.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.link.DesiredStore;
import io.gastown.agent.plan.Conditions;
import io.gastown.agent.report.StatusReporter;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TownOutageTest {
  private final List<StatusReport> sent = new ArrayList<>();
  private final StatusReporter reporter =
      new StatusReporter(r -> sent.add(r), System::nanoTime, new SplittableRandom(1));
  private final DesiredStore store = new DesiredStore();
  private final AtomicInteger failures = new AtomicInteger();
  private final TownOutage outage =
      new TownOutage(
          List.of(new Reconciler.RelayView(RelayConfig.of("c1", "127.0.0.1:1"), store, reporter)),
          failures::get,
          () -> Optional.of("gt rig list failed (exit 1): stand-in fault: injected failure"));

  private static Resource rig(String uid, long generation) {
    return Resource.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(Kind.KIND_RIG).setName(uid).setUid(uid))
        .setGeneration(generation)
        .build();
  }

  private static StatusReport ready(String uid) {
    return StatusReport.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(Kind.KIND_RIG).setName(uid).setUid(uid))
        .setObservedGeneration(3)
        .addConditions(Conditions.isTrue(Conditions.SYNCED, "Acted", "done"))
        .addConditions(Conditions.isTrue(Conditions.READY, "RigAdded", "in the town"))
        .setRig(RigStatus.newBuilder().setPhase("Ready").setPath("/town/a_rig"))
        .build();
  }

  @Test
  void theLastStatusKeepsItsFieldsAndReadyBecomesUnknownWithGtsWords() {
    StatusReport d = TownOutage.degraded(ready("u1"), "gt rig list failed (exit 1): boom");
    assertEquals("/town/a_rig", d.getRig().getPath());
    assertEquals(3, d.getObservedGeneration());
    Condition r =
        d.getConditionsList().stream().filter(c -> c.getType().equals("Ready")).findFirst().get();
    assertEquals(ConditionStatus.CONDITION_STATUS_UNKNOWN, r.getStatus());
    assertEquals(TownOutage.REASON, r.getReason());
    assertTrue(r.getMessage().contains("gt rig list failed (exit 1): boom"), r.getMessage());
    assertEquals(2, d.getConditionsCount(), "Synced stays, Ready replaced in place");
    assertEquals("Synced", d.getConditions(0).getType());
  }

  @Test
  void oneFailedObservationSaysNothingAndALastingOneIsReportedForEveryResource() {
    reporter.online(true);
    store.upsert(rig("u1", 3));
    store.upsert(rig("u2", 1));
    reporter.offer(ready("u1"));
    sent.clear();

    failures.set(1);
    outage.observationFailed();
    assertTrue(sent.isEmpty(), "a single failure is retried before anything is said");

    failures.set(2);
    outage.observationFailed();
    assertEquals(2, sent.size());
    for (StatusReport r : sent) {
      Condition ready =
          r.getConditionsList().stream().filter(c -> c.getType().equals("Ready")).findFirst().get();
      assertEquals(TownOutage.REASON, ready.getReason());
    }
    StatusReport neverReported =
        sent.stream().filter(r -> r.getRef().getUid().equals("u2")).findFirst().get();
    assertEquals(1, neverReported.getObservedGeneration());

    sent.clear();
    outage.observationFailed();
    assertTrue(sent.isEmpty(), "the same outage is not reported again");
  }
}
