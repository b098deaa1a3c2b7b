package io.gastown.relay.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.Rig;
import io.gastown.relay.support.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventFactoryTest {
  private final EventFactory factory = new EventFactory("relay-0", "default");
  private final Instant now = Instant.parse("2026-05-01T10:00:00Z");

  private static io.gastown.proto.v1.Event event(String id, boolean warning) {
    return io.gastown.proto.v1.Event.newBuilder()
        .setId(id)
        .setWarning(warning)
        .setReason("Slung")
        .setMessage("gt sling gt-abc12")
        .build();
  }

  @Test
  void theSameEventIdGivesTheSameNameSoARetryIsADuplicate() {
    Polecat p = Fixtures.polecat("p", "r");
    Event a = factory.build(p, event("e1", false), now);
    Event again = factory.build(p, event("e1", false), now.plusSeconds(30));
    Event other = factory.build(p, event("e2", false), now);

    assertEquals(a.getMetadata().getName(), again.getMetadata().getName());
    assertNotEquals(a.getMetadata().getName(), other.getMetadata().getName());
    assertTrue(a.getMetadata().getName().matches("p\\.[0-9a-f]{16}"), a.getMetadata().getName());
  }

  @Test
  void anEventNamesItsObjectAndGoesToItsNamespaceOrTheDefaultForRigs() {
    Polecat p = Fixtures.polecat("p", "r");
    Event e = factory.build(p, event("e1", true), now);
    assertEquals("ns", e.getMetadata().getNamespace());
    assertEquals("Warning", e.getType());
    assertEquals("Slung", e.getReason());
    assertEquals("uid-p", e.getInvolvedObject().getUid());
    assertEquals("Polecat", e.getInvolvedObject().getKind());
    assertEquals("gastown.gastown.io/v1alpha1", e.getInvolvedObject().getApiVersion());

    Rig rig = Fixtures.rig("r", "h");
    assertEquals(
        "default", factory.build(rig, event("e1", false), now).getMetadata().getNamespace());
  }
}
