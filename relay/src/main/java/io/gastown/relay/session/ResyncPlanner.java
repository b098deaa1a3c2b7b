package io.gastown.relay.session;

import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.DesiredDelete;
import io.gastown.proto.v1.InventoryEntry;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.route.RoutingTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a resync sends, from the agent's inventory and what routes to its host. Pure.
 *
 * <ul>
 *   <li>Upsert a resource of a declared kind when the inventory lacks it, holds another generation
 *       or another deletion state, or when it carries gastown.gastown.io/ annotations (they change
 *       without a new generation).
 *   <li>Delete every inventory uid that does not route here: UNSUPPORTED when it routes here but
 *       its kind is not declared, REROUTED when it routes to another host, else DELETED (then the
 *       reference carries only the uid).
 *   <li>Ask for the status of routed uids whose inventory hash differs from the hash the relay last
 *       acknowledged, or for every status when the relay has no memory of the host.
 * </ul>
 */
public final class ResyncPlanner {
  private ResyncPlanner() {}

  public record Plan(
      List<Resource> upserts,
      List<DesiredDelete> deletes,
      List<String> statusWanted,
      boolean statusWantedAll) {}

  /** Rigs first (Polecats and Convoys refer to them), then by namespace and name. */
  private static final Comparator<RoutingTable.Entry> ORDER =
      Comparator.comparing((RoutingTable.Entry e) -> e.key().kind())
          .thenComparing(e -> e.key().namespace())
          .thenComparing(e -> e.key().name());

  public static Plan plan(
      String host,
      List<InventoryEntry> inventory,
      List<RoutingTable.Entry> routedHere,
      Set<ResourceKind> kinds,
      Function<String, Optional<RoutingTable.Entry>> routedAnywhere,
      Function<String, String> ackedHash,
      boolean hostKnown) {
    Map<String, InventoryEntry> held = new LinkedHashMap<>();
    inventory.forEach(i -> held.put(i.getUid(), i));
    Set<String> served = new HashSet<>();
    List<Resource> upserts = new ArrayList<>();
    for (RoutingTable.Entry e : routedHere.stream().sorted(ORDER).toList()) {
      if (!kinds.contains(e.key().kind())) {
        continue;
      }
      served.add(e.uid());
      if (differs(held.get(e.uid()), e.desired())) {
        upserts.add(e.desired());
      }
    }
    List<DesiredDelete> deletes = new ArrayList<>();
    List<String> wanted = new ArrayList<>();
    for (InventoryEntry i : held.values()) {
      if (!served.contains(i.getUid())) {
        deletes.add(delete(host, i.getUid(), routedAnywhere.apply(i.getUid())));
      } else if (hostKnown && !i.getStatusHash().equals(ackedHash.apply(i.getUid()))) {
        wanted.add(i.getUid());
      }
    }
    return new Plan(upserts, deletes, hostKnown ? wanted : List.of(), !hostKnown);
  }

  private static boolean differs(InventoryEntry held, Resource desired) {
    return held == null
        || held.getGeneration() != desired.getGeneration()
        || held.getDeletionRequested() != desired.getDeletionRequested()
        || desired.getAnnotationsCount() > 0;
  }

  private static DesiredDelete delete(
      String host, String uid, Optional<RoutingTable.Entry> routed) {
    if (routed.isEmpty()) {
      return DesiredDelete.newBuilder()
          .setRef(ResourceRef.newBuilder().setUid(uid))
          .setReason(DeleteReason.DELETE_REASON_DELETED)
          .build();
    }
    ResourceKey key = routed.get().key();
    DeleteReason reason =
        routed.get().host().equals(host)
            ? DeleteReason.DELETE_REASON_UNSUPPORTED
            : DeleteReason.DELETE_REASON_REROUTED;
    return DesiredDelete.newBuilder().setRef(key.toRef(uid)).setReason(reason).build();
  }
}
