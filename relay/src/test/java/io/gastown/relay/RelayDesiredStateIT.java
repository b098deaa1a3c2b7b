package io.gastown.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.InventoryEntry;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResyncEnd;
import io.gastown.relay.api.Condition;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;
import io.gastown.relay.support.FakeAgent;
import io.gastown.relay.support.RelayHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Desired state from the cluster to the hosts: resync framing, live changes, routing. */
class RelayDesiredStateIT extends RelayHarness {

  private static Predicate<RelayMessage> upsertOf(String name) {
    return m -> m.hasUpsert() && m.getUpsert().getResource().getRef().getName().equals(name);
  }

  private static Predicate<RelayMessage> deleteOf(String uid) {
    return m -> m.hasDelete() && m.getDelete().getRef().getUid().equals(uid);
  }

  @Test
  void aRigRoutedToTheHostArrivesBetweenResyncBeginAndEnd() {
    Rig rig = rig("resync-rig", "alpha");
    FakeAgent agent = agent("alpha").helloAndResync("alpha", List.of());

    int begin = agent.indexOf(RelayMessage::hasResyncBegin);
    int upsert = agent.indexOf(upsertOf("resync-rig"));
    int end = agent.indexOf(RelayMessage::hasResyncEnd);
    assertTrue(agent.indexOf(RelayMessage::hasWelcome) < begin);
    assertTrue(begin < upsert && upsert < end, "upsert inside the resync: " + agent.received());
    Resource r = agent.received().get(upsert).getUpsert().getResource();
    assertEquals(Kind.KIND_RIG, r.getRef().getKind());
    assertEquals(rig.getMetadata().getUid(), r.getRef().getUid());
    assertEquals("alpha", r.getRig().getHost());
    assertEquals(rig.getMetadata().getGeneration().longValue(), r.getGeneration());
    ResyncEnd resyncEnd = agent.received().get(end).getResyncEnd();
    assertTrue(resyncEnd.getStatusWantedAll(), "first session of the host since the relay started");
    assertEquals(1, resyncEnd.getUpserts());
  }

  @Test
  void aRigCreatedLaterArrivesLiveAndShowsItsHostConnected() {
    FakeAgent agent = agent("bravo").helloAndResync("bravo", List.of());
    rig("live-rig", "bravo");

    agent.await(upsertOf("live-rig"));
    assertTrue(agent.indexOf(RelayMessage::hasResyncEnd) < agent.indexOf(upsertOf("live-rig")));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Rig live = liveRig("live-rig");
              assertEquals("bravo", live.getStatus().host());
              Condition c = condition(live.getStatus().conditions(), GastownNames.HOST_CONNECTED);
              assertEquals(Condition.TRUE, c.status());
            });
  }

  @Test
  void aReconnectSendsOnlyWhatDiffersFromTheInventory() {
    Rig rig = rig("inventory-rig", "charlie");
    String uid = rig.getMetadata().getUid();
    long generation = rig.getMetadata().getGeneration();
    agent("charlie").helloAndResync("charlie", List.of()).close();

    InventoryEntry current =
        InventoryEntry.newBuilder().setUid(uid).setGeneration(generation).build();
    InventoryEntry stranger =
        InventoryEntry.newBuilder().setUid("no-such-uid").setGeneration(1).build();
    FakeAgent again = agent("charlie").helloAndResync("charlie", List.of(current, stranger));

    assertTrue(again.find(upsertOf("inventory-rig")).isEmpty(), "unchanged: not sent again");
    RelayMessage delete = again.await(deleteOf("no-such-uid"));
    assertEquals(DeleteReason.DELETE_REASON_DELETED, delete.getDelete().getReason());
    ResyncEnd end = again.await(RelayMessage::hasResyncEnd).getResyncEnd();
    assertFalse(end.getStatusWantedAll(), "the relay remembers this host");
    assertTrue(end.getStatusWantedList().isEmpty());
    again.close();

    InventoryEntry olderAndReported =
        current.toBuilder().setGeneration(generation - 1).setStatusHash("ab12").build();
    FakeAgent third = agent("charlie").helloAndResync("charlie", List.of(olderAndReported));
    third.await(upsertOf("inventory-rig"));
    assertEquals(
        List.of(uid), third.await(RelayMessage::hasResyncEnd).getResyncEnd().getStatusWantedList());
  }

  @Test
  void aRigMovedToAnotherHostLeavesTheOldHostWithItsPolecats() {
    Rig rig = rig("moving-rig", "delta");
    Polecat polecat = polecat("moving-pc", "moving-rig", "gt-abc12");
    FakeAgent delta = agent("delta").helloAndResync("delta", List.of());
    FakeAgent echo = agent("echo").helloAndResync("echo", List.of());
    delta.await(upsertOf("moving-pc"));

    kube.resources(Rig.class).withName("moving-rig").edit(r -> withHost(r, "echo"));

    RelayMessage rigGone = delta.await(deleteOf(rig.getMetadata().getUid()));
    assertEquals(DeleteReason.DELETE_REASON_REROUTED, rigGone.getDelete().getReason());
    RelayMessage pcGone = delta.await(deleteOf(polecat.getMetadata().getUid()));
    assertEquals(DeleteReason.DELETE_REASON_REROUTED, pcGone.getDelete().getReason());
    assertEquals(
        "echo", echo.await(upsertOf("moving-rig")).getUpsert().getResource().getRig().getHost());
    echo.await(upsertOf("moving-pc"));
  }

  private static Rig withHost(Rig r, String host) {
    RigSpec s = r.getSpec();
    r.setSpec(
        new RigSpec(
            s.gitURL(),
            s.beadsPrefix(),
            s.localPath(),
            host,
            s.rigName(),
            s.branch(),
            s.deletionPolicy()));
    return r;
  }

  @Test
  void aPolecatWhoseRigDoesNotExistIsNotRoutedUntilTheRigAppears() {
    polecat("orphan-pc", "later-rig", "gt-xyz99");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Polecat live = livePolecat("orphan-pc");
              Condition c = condition(live.getStatus().conditions(), GastownNames.HOST_CONNECTED);
              assertEquals(Condition.UNKNOWN, c.status());
              assertEquals("NoHostRouted", c.reason());
              assertTrue(c.message().contains("later-rig"), c.message());
            });
    assertFalse(
        livePolecat("orphan-pc").getMetadata().getFinalizers().contains(GastownNames.FINALIZER));

    FakeAgent agent = agent("foxtrot").helloAndResync("foxtrot", List.of());
    rig("later-rig", "foxtrot");
    agent.await(upsertOf("orphan-pc"));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Polecat live = livePolecat("orphan-pc");
              assertEquals("foxtrot", live.getStatus().host());
              assertTrue(live.getMetadata().getFinalizers().contains(GastownNames.FINALIZER));
              Condition c = condition(live.getStatus().conditions(), GastownNames.HOST_CONNECTED);
              assertEquals(Condition.TRUE, c.status());
            });
  }

  @Test
  void onlyDeclaredKindsAreSentAndOnlyGastownAnnotations() {
    Rig rig = new Rig();
    rig.setMetadata(
        new ObjectMetaBuilder()
            .withName("annotated-rig")
            .withAnnotations(
                Map.of(
                    "gastown.gastown.io/force-delete", "true",
                    "example.com/unrelated", "x"))
            .withLabels(Map.of(GastownNames.ORIGIN_LABEL, "town", "team", "a"))
            .build());
    rig.setSpec(new RigSpec("https://example.com/a.git", "gt", null, "golf", null, null, null));
    kube.resources(Rig.class).resource(rig).create();
    polecat("golf-pc", "annotated-rig", "gt-golf1");

    FakeAgent agent = agent("golf");
    agent.send(
        AgentMessage.newBuilder()
            .setHello(FakeAgent.hello("golf", 1, 1).clearCapabilities().addCapabilities("kind/Rig"))
            .build());
    agent.await(RelayMessage::hasResyncEnd);

    Resource r = agent.await(upsertOf("annotated-rig")).getUpsert().getResource();
    assertEquals(Map.of("gastown.gastown.io/force-delete", "true"), r.getAnnotationsMap());
    assertEquals(Map.of(GastownNames.ORIGIN_LABEL, "town"), r.getLabelsMap());
    assertTrue(agent.find(upsertOf("golf-pc")).isEmpty(), "Polecat not declared by the agent");
  }

  static Condition condition(List<Condition> conditions, String type) {
    assertTrue(conditions != null, "no conditions yet");
    return conditions.stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + conditions));
  }
}
