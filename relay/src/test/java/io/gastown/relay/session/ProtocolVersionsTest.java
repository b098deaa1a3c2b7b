package io.gastown.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.relay.session.ProtocolVersions.Negotiation;
import org.junit.jupiter.api.Test;

class ProtocolVersionsTest {

  @Test
  void theCurrentVersionIsOnePointOne() {
    assertEquals("1.1", ProtocolVersions.text(ProtocolVersions.current()));
  }

  @Test
  void sameMajorNegotiatesTheLowerMinor() {
    Negotiation older = ProtocolVersions.negotiate(ProtocolVersions.of(1, 0));
    assertEquals(ProtocolVersions.of(1, 0), ((Negotiation.Accepted) older).version());
    Negotiation newer = ProtocolVersions.negotiate(ProtocolVersions.of(1, 7));
    assertEquals(ProtocolVersions.of(1, 1), ((Negotiation.Accepted) newer).version());
  }

  @Test
  void anotherMajorIsRefusedNamingBothVersions() {
    for (int major : new int[] {0, 2}) {
      Negotiation n = ProtocolVersions.negotiate(ProtocolVersions.of(major, 3));
      String message = assertInstanceOf(Negotiation.Refused.class, n).message();
      assertTrue(message.contains(major + ".3") && message.contains("1.1"), message);
    }
  }
}
