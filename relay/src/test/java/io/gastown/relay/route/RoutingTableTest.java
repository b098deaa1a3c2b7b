package io.gastown.relay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.Resource;
import io.gastown.relay.api.ResourceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private final RoutingTable table = new RoutingTable();
  private final ResourceKey key = ResourceKey.rig("r");

  @Test
  void anEntryMovedToAnotherHostLeavesTheOldHostsIndex() {
    table.put(new RoutingTable.Entry(key, "u1", "a", Resource.getDefaultInstance()));
    RoutingTable.Entry previous =
        table
            .put(new RoutingTable.Entry(key, "u1", "b", Resource.getDefaultInstance()))
            .orElseThrow();

    assertEquals("a", previous.host());
    assertTrue(table.forHost("a").isEmpty());
    assertEquals(List.of(key), table.keysForHost("b"));
    assertEquals("u1", table.byKey(key).orElseThrow().uid());
  }

  @Test
  void removingForgetsTheKeyAndTheHost() {
    table.put(new RoutingTable.Entry(key, "u1", "a", Resource.getDefaultInstance()));
    table.remove("u1");
    assertTrue(table.byKey(key).isEmpty());
    assertTrue(table.byUid("u1").isEmpty());
    assertTrue(table.hosts().isEmpty());
  }
}
