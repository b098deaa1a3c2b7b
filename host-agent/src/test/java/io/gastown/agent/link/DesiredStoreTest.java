package io.gastown.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.InventoryEntry;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredStoreTest {
  final DesiredStore store = new DesiredStore();

  static Resource rig(String uid, String name, long generation) {
    return Resource.newBuilder()
        .setRef(ResourceRef.newBuilder().setKind(Kind.KIND_RIG).setUid(uid).setName(name))
        .setGeneration(generation)
        .build();
  }

  @Test
  void liveChangesApplyAtOnce() {
    assertEquals(Set.of("u1"), store.upsert(rig("u1", "a", 1)).changed());
    assertEquals(
        Set.of(), store.upsert(rig("u1", "a", 1)).changed(), "an identical upsert is no change");
    assertEquals("a", store.rigByName("a").orElseThrow().getRef().getName());
    assertEquals(Set.of("u1"), store.delete("u1").removed());
    assertTrue(store.get("u1").isEmpty());
    assertTrue(store.rigByName("a").isEmpty());
  }

  @Test
  void nothingIsDeletedBeforeResyncEnd() {
    store.upsert(rig("u1", "a", 1));
    store.upsert(rig("u2", "b", 1));
    store.beginResync();
    store.delete("u1");
    store.upsert(rig("u3", "c", 1));
    assertTrue(store.get("u1").isPresent(), "a delete waits for ResyncEnd");
    assertTrue(store.get("u3").isEmpty(), "an upsert waits for ResyncEnd");
    DesiredStore.Changes c = store.endResync();
    assertEquals(Set.of("u1"), c.removed());
    assertEquals(Set.of("u3"), c.changed());
    assertTrue(store.get("u2").isPresent(), "what the relay did not mention stays");
  }

  @Test
  void anAbortedResyncChangesNothing() {
    store.upsert(rig("u1", "a", 1));
    store.beginResync();
    store.delete("u1");
    store.upsert(rig("u2", "b", 1));
    store.abortResync();
    assertTrue(store.get("u1").isPresent());
    assertTrue(store.get("u2").isEmpty());
    assertEquals(Set.of("u3"), store.upsert(rig("u3", "c", 1)).changed(), "live again");
  }

  @Test
  void theLastOperationOnAUidInAResyncWins() {
    store.beginResync();
    store.upsert(rig("u1", "a", 1));
    store.delete("u1");
    store.upsert(rig("u1", "a", 2));
    store.endResync();
    assertEquals(2, store.get("u1").orElseThrow().getGeneration());
  }

  @Test
  void inventoryCarriesGenerationHashAndDeletion() {
    store.upsert(rig("u1", "a", 4).toBuilder().setDeletionRequested(true).build());
    List<InventoryEntry> inv = store.inventory(uid -> "hash-" + uid);
    assertEquals(
        List.of(
            InventoryEntry.newBuilder()
                .setUid("u1")
                .setGeneration(4)
                .setStatusHash("hash-u1")
                .setDeletionRequested(true)
                .build()),
        inv);
  }

  @Test
  void renamingARigMovesItsNameIndex() {
    store.upsert(rig("u1", "a", 1));
    store.upsert(rig("u1", "b", 2));
    assertTrue(store.rigByName("a").isEmpty());
    assertEquals("u1", store.rigByName("b").orElseThrow().getRef().getUid());
  }
}
