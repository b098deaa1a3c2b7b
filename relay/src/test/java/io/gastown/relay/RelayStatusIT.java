package io.gastown.relay;

import static io.gastown.relay.RelayDesiredStateIT.condition;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.PolecatStatus;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.Condition;
import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.ConvoySpec;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;
import io.gastown.relay.support.FakeAgent;
import io.gastown.relay.support.RelayHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status from the hosts back to the CRs: writes, acknowledgements, events, finalizers. */
class RelayStatusIT extends RelayHarness {

  private static StatusReport.Builder rigReport(Rig rig, String phase) {
    return StatusReport.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_RIG)
                .setName(rig.getMetadata().getName())
                .setUid(rig.getMetadata().getUid()))
        .setObservedGeneration(rig.getMetadata().getGeneration())
        .addConditions(
            io.gastown.proto.v1.Condition.newBuilder()
                .setType("Ready")
                .setStatus(ConditionStatus.CONDITION_STATUS_TRUE)
                .setReason("RigAdded")
                .setMessage("the rig is in the town"))
        .setRig(RigStatus.newBuilder().setPhase(phase).setRigName("a_rig").setPolecats(2));
  }

  private static StatusReport.Builder polecatReport(Polecat p) {
    return StatusReport.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(Kind.KIND_POLECAT)
                .setNamespace("test")
                .setName(p.getMetadata().getName())
                .setUid(p.getMetadata().getUid()))
        .setObservedGeneration(p.getMetadata().getGeneration())
        .setPolecat(PolecatStatus.newBuilder().setPhase("Working").setPolecatName("furiosa"));
  }

  private static StatusAck ackOf(FakeAgent agent, long seq) {
    return agent.await(m -> m.hasStatusAck() && m.getStatusAck().getSeq() == seq).getStatusAck();
  }

  @Test
  void aReportIsWrittenWithObservedGenerationAndConditionsAndTheSameReportIsUnchanged() {
    Rig rig = rig("reported-rig", "alpha");
    FakeAgent agent = agent("alpha").helloAndResync("alpha", List.of());
    await().until(() -> liveRig("reported-rig").getStatus() != null);

    StatusAck first = ackOf(agent, agent.report(rigReport(rig, "Ready")));
    assertEquals(AckResult.ACK_RESULT_WRITTEN, first.getResult());
    Rig live = liveRig("reported-rig");
    assertEquals(rig.getMetadata().getGeneration(), live.getStatus().observedGeneration());
    assertEquals("Ready", live.getStatus().phase());
    assertEquals(2, live.getStatus().polecats());
    assertEquals("alpha", live.getStatus().host());
    Condition ready = condition(live.getStatus().conditions(), "Ready");
    assertEquals(Condition.TRUE, ready.status());
    assertEquals("RigAdded", ready.reason());
    assertEquals(rig.getMetadata().getGeneration(), ready.observedGeneration());
    assertTrue(ready.lastTransitionTime() != null);
    assertEquals(
        Condition.TRUE, condition(live.getStatus().conditions(), "HostConnected").status());

    double writes = relay.metrics().statusResults("written");
    StatusAck second = ackOf(agent, agent.report(rigReport(rig, "Ready")));
    assertEquals(AckResult.ACK_RESULT_UNCHANGED, second.getResult());
    assertEquals(
        live.getMetadata().getResourceVersion(),
        liveRig("reported-rig").getMetadata().getResourceVersion());
    assertEquals(writes, relay.metrics().statusResults("written"));
  }

  @Test
  void aReportForAResourceOfAnotherHostIsRefused() {
    Rig rig = rig("someone-elses-rig", "bravo");
    FakeAgent intruder = agent("charlie").helloAndResync("charlie", List.of());
    double refused = relay.metrics().statusResults("refused");

    StatusAck ack = ackOf(intruder, intruder.report(rigReport(rig, "Error")));

    assertEquals(AckResult.ACK_RESULT_REFUSED, ack.getResult());
    assertEquals(refused + 1, relay.metrics().statusResults("refused"));
    Rig live = liveRig("someone-elses-rig");
    assertTrue(live.getStatus() == null || live.getStatus().phase() == null);
  }

  @Test
  void aReportForAResourceThatNoLongerExistsIsGone() {
    Rig rig = rig("vanished-rig", "delta");
    FakeAgent agent = agent("delta").helloAndResync("delta", List.of());
    StatusReport.Builder report = rigReport(rig, "Ready");
    report.getRefBuilder().setUid("an-older-uid");

    assertEquals(AckResult.ACK_RESULT_GONE, ackOf(agent, agent.report(report)).getResult());
  }

  @Test
  void eventsOfAReportAreRecordedOnceEvenWhenTheReportIsRetried() {
    Rig rig = rig("eventful-rig", "echo");
    FakeAgent agent = agent("echo").helloAndResync("echo", List.of());
    io.gastown.proto.v1.Event event =
        io.gastown.proto.v1.Event.newBuilder()
            .setId("evt-1")
            .setReason("RigAdded")
            .setMessage("gt rig add eventful_rig")
            .build();

    ackOf(agent, agent.report(rigReport(rig, "Ready").addEvents(event)));
    ackOf(agent, agent.report(rigReport(rig, "Ready").addEvents(event)));

    List<Event> events =
        kube.v1().events().inNamespace("default").list().getItems().stream()
            .filter(e -> rig.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
            .toList();
    assertEquals(1, events.size(), "events: " + events);
    assertEquals("RigAdded", events.get(0).getReason());
    assertEquals("Normal", events.get(0).getType());
    assertEquals("Rig", events.get(0).getInvolvedObject().getKind());
  }

  @Test
  void aPolecatGetsTheFinalizerAndItsDeletionWaitsForTheHostToFinalize() {
    rig("finalizing-rig", "foxtrot");
    Polecat polecat = polecat("doomed-pc", "finalizing-rig", "gt-doom1");
    String uid = polecat.getMetadata().getUid();
    FakeAgent agent = agent("foxtrot").helloAndResync("foxtrot", List.of());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                livePolecat("doomed-pc")
                    .getMetadata()
                    .getFinalizers()
                    .contains(GastownNames.FINALIZER));

    kube.resources(Polecat.class).inNamespace("test").withName("doomed-pc").delete();
    RelayMessage deleting =
        agent.await(
            m ->
                m.hasUpsert()
                    && m.getUpsert().getResource().getRef().getUid().equals(uid)
                    && m.getUpsert().getResource().getDeletionRequested());
    assertTrue(deleting.getUpsert().getResource().hasPolecat());
    assertTrue(livePolecat("doomed-pc") != null, "the finalizer holds the CR");

    StatusAck ack = ackOf(agent, agent.report(polecatReport(polecat).setFinalized(true)));

    assertEquals(AckResult.ACK_RESULT_WRITTEN, ack.getResult());
    await().atMost(Duration.ofSeconds(5)).until(() -> livePolecat("doomed-pc") == null);
    RelayMessage gone =
        agent.await(m -> m.hasDelete() && m.getDelete().getRef().getUid().equals(uid));
    assertEquals(DeleteReason.DELETE_REASON_DELETED, gone.getDelete().getReason());
  }

  @Test
  void aRigGetsTheFinalizerOnlyWhileItsPolicyIsRemove() {
    Rig rig = new Rig();
    rig.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("policy-rig").build());
    rig.setSpec(
        new RigSpec("https://example.com/p.git", "gt", null, "golf", null, null, RigSpec.REMOVE));
    kube.resources(Rig.class).resource(rig).create();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                liveRig("policy-rig")
                    .getMetadata()
                    .getFinalizers()
                    .contains(GastownNames.FINALIZER));

    kube.resources(Rig.class)
        .withName("policy-rig")
        .edit(
            r -> {
              RigSpec s = r.getSpec();
              r.setSpec(
                  new RigSpec(
                      s.gitURL(), s.beadsPrefix(), null, s.host(), null, null, RigSpec.RETAIN));
              return r;
            });
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                !liveRig("policy-rig")
                    .getMetadata()
                    .getFinalizers()
                    .contains(GastownNames.FINALIZER));
  }

  @Test
  void hostConnectedGoesUnknownAfterTheGraceAndReadyComesBackOnReconnect() {
    Rig rig = rig("lonely-rig", "hotel");
    FakeAgent agent = agent("hotel").helloAndResync("hotel", List.of());
    ackOf(agent, agent.report(rigReport(rig, "Ready")));
    agent.close();

    await()
        .atMost(HOST_GRACE.plusSeconds(5))
        .untilAsserted(
            () -> {
              List<Condition> c = liveRig("lonely-rig").getStatus().conditions();
              Condition hostConnected = condition(c, "HostConnected");
              assertEquals(Condition.UNKNOWN, hostConnected.status());
              assertEquals("HostDisconnected", hostConnected.reason());
              assertEquals(Condition.UNKNOWN, condition(c, "Ready").status());
            });

    agent("hotel").helloAndResync("hotel", List.of());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              List<Condition> c = liveRig("lonely-rig").getStatus().conditions();
              assertEquals(Condition.TRUE, condition(c, "HostConnected").status());
              assertEquals("RigAdded", condition(c, "Ready").reason(), "the last report again");
            });
  }

  @Test
  void aStatusEditedBySomeoneElseIsRepairedFromTheLastReport() {
    Rig rig = rig("edited-rig", "india");
    FakeAgent agent = agent("india").helloAndResync("india", List.of());
    ackOf(agent, agent.report(rigReport(rig, "Ready")));

    Rig live = liveRig("edited-rig");
    io.gastown.relay.api.RigStatus s = live.getStatus();
    live.setStatus(
        new io.gastown.relay.api.RigStatus(
            s.observedGeneration(),
            s.host(),
            "Bogus",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            s.conditions()));
    kube.resources(Rig.class).resource(live).updateStatus();

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertEquals("Ready", liveRig("edited-rig").getStatus().phase()));
    assertFalse(agent.isClosed());
    assertNull(liveRig("edited-rig").getStatus().path());
  }

  @Test
  void aConvoyRoutedByItsHostGetsItsProgressWritten() {
    Convoy convoy = new Convoy();
    convoy.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("batch")
            .withNamespace("test")
            .build());
    convoy.setSpec(
        new ConvoySpec(
            "a batch",
            List.of("gt-abc12", "gt-def34"),
            null,
            "alpha",
            null,
            null,
            null,
            null,
            null));
    Convoy created = kube.resources(Convoy.class).resource(convoy).create();
    FakeAgent agent = agent("alpha").helloAndResync("alpha", List.of());
    agent.await(m -> m.hasUpsert() && m.getUpsert().getResource().hasConvoy());

    StatusReport.Builder report =
        StatusReport.newBuilder()
            .setRef(
                ResourceRef.newBuilder()
                    .setKind(Kind.KIND_CONVOY)
                    .setNamespace("test")
                    .setName("batch")
                    .setUid(created.getMetadata().getUid()))
            .setObservedGeneration(1)
            .setConvoy(
                io.gastown.proto.v1.ConvoyStatus.newBuilder()
                    .setConvoyId("hq-cv-abcde")
                    .setPhase("Open")
                    .setProgress("1/2")
                    .setCompleted(1)
                    .setTotal(2)
                    .addTracked(
                        io.gastown.proto.v1.TrackedBead.newBuilder()
                            .setId("gt-abc12")
                            .setStatus("closed")));
    assertEquals(AckResult.ACK_RESULT_WRITTEN, ackOf(agent, agent.report(report)).getResult());

    io.gastown.relay.api.ConvoyStatus s =
        kube.resources(Convoy.class).inNamespace("test").withName("batch").get().getStatus();
    assertEquals("hq-cv-abcde", s.convoyID());
    assertEquals("1/2", s.progress());
    assertEquals("gt-abc12", s.tracked().get(0).id());
    assertEquals("alpha", s.host());
  }
}
