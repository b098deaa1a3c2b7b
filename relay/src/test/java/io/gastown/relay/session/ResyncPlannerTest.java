package io.gastown.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.DesiredDelete;
import io.gastown.proto.v1.InventoryEntry;
import io.gastown.proto.v1.Resource;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.route.RoutingTable;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResyncPlannerTest {
  private static final Set<ResourceKind> ALL = EnumSet.allOf(ResourceKind.class);

  private static RoutingTable.Entry entry(ResourceKind kind, String name, String host, long gen) {
    ResourceKey key = new ResourceKey(kind, kind.namespaced() ? "ns" : "", name);
    Resource r = Resource.newBuilder().setRef(key.toRef("uid-" + name)).setGeneration(gen).build();
    return new RoutingTable.Entry(key, "uid-" + name, host, r);
  }

  private static InventoryEntry held(String name, long gen, String hash) {
    return InventoryEntry.newBuilder()
        .setUid("uid-" + name)
        .setGeneration(gen)
        .setStatusHash(hash)
        .build();
  }

  private static ResyncPlanner.Plan plan(
      List<InventoryEntry> inventory,
      List<RoutingTable.Entry> here,
      Set<ResourceKind> kinds,
      Map<String, String> acked,
      boolean known) {
    Map<String, RoutingTable.Entry> everywhere = new java.util.HashMap<>();
    here.forEach(e -> everywhere.put(e.uid(), e));
    everywhere.put("uid-elsewhere", entry(ResourceKind.RIG, "elsewhere", "other-host", 1));
    return ResyncPlanner.plan(
        "laptop",
        inventory,
        here,
        kinds,
        uid -> Optional.ofNullable(everywhere.get(uid)),
        uid -> acked.getOrDefault(uid, ""),
        known);
  }

  @Test
  void onlyWhatIsMissingOrAtAnotherGenerationIsUpsertedRigsFirst() {
    List<RoutingTable.Entry> here =
        List.of(
            entry(ResourceKind.POLECAT, "p", "laptop", 2),
            entry(ResourceKind.RIG, "same", "laptop", 1),
            entry(ResourceKind.RIG, "new", "laptop", 1));
    ResyncPlanner.Plan p =
        plan(List.of(held("same", 1, ""), held("p", 1, "")), here, ALL, Map.of(), true);

    assertEquals(List.of("new", "p"), p.upserts().stream().map(r -> r.getRef().getName()).toList());
    assertTrue(p.deletes().isEmpty());
  }

  @Test
  void aDeletionStateOrAGastownAnnotationAlsoCausesAnUpsert() {
    RoutingTable.Entry deleting = entry(ResourceKind.RIG, "d", "laptop", 1);
    deleting =
        new RoutingTable.Entry(
            deleting.key(),
            deleting.uid(),
            "laptop",
            deleting.desired().toBuilder().setDeletionRequested(true).build());
    RoutingTable.Entry annotated = entry(ResourceKind.RIG, "a", "laptop", 1);
    annotated =
        new RoutingTable.Entry(
            annotated.key(),
            annotated.uid(),
            "laptop",
            annotated.desired().toBuilder()
                .putAnnotations("gastown.gastown.io/force-delete", "true")
                .build());

    ResyncPlanner.Plan p =
        plan(
            List.of(held("d", 1, ""), held("a", 1, "")),
            List.of(deleting, annotated),
            ALL,
            Map.of(),
            true);

    assertEquals(2, p.upserts().size());
  }

  @Test
  void whatNoLongerRoutesHereIsDeletedWithTheReasonTheRelayKnows() {
    RoutingTable.Entry polecat = entry(ResourceKind.POLECAT, "p", "laptop", 1);
    ResyncPlanner.Plan p =
        plan(
            List.of(held("gone", 1, ""), held("elsewhere", 1, ""), held("p", 1, "")),
            List.of(polecat),
            EnumSet.of(ResourceKind.RIG),
            Map.of(),
            true);

    Map<String, DeleteReason> reasons = new java.util.HashMap<>();
    for (DesiredDelete d : p.deletes()) {
      reasons.put(d.getRef().getUid(), d.getReason());
    }
    assertEquals(
        Map.of(
            "uid-gone", DeleteReason.DELETE_REASON_DELETED,
            "uid-elsewhere", DeleteReason.DELETE_REASON_REROUTED,
            "uid-p", DeleteReason.DELETE_REASON_UNSUPPORTED),
        reasons);
    assertTrue(p.upserts().isEmpty(), "Polecat is not a declared kind");
  }

  @Test
  void statusIsWantedWhereTheHashDiffersOrForEverythingFromAnUnknownHost() {
    List<RoutingTable.Entry> here =
        List.of(
            entry(ResourceKind.RIG, "a", "laptop", 1),
            entry(ResourceKind.RIG, "b", "laptop", 1),
            entry(ResourceKind.RIG, "c", "laptop", 1));
    List<InventoryEntry> inventory =
        List.of(held("a", 1, "h1"), held("b", 1, "stale"), held("c", 1, ""));

    ResyncPlanner.Plan known =
        plan(inventory, here, ALL, Map.of("uid-a", "h1", "uid-b", "h2"), true);
    assertEquals(List.of("uid-b"), known.statusWanted());
    assertFalse(known.statusWantedAll());

    ResyncPlanner.Plan unknown = plan(inventory, here, ALL, Map.of(), false);
    assertTrue(unknown.statusWantedAll());
    assertTrue(unknown.statusWanted().isEmpty());
  }
}
