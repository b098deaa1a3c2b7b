package io.gastown.relay.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseRulesTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(5);

  private static HostLease lease(String holder, long epoch, int transitions) {
    return new HostLease("laptop", holder, epoch, transitions, 30, T0, T0, "7");
  }

  @Test
  void aFirstSessionCreatesTheLeaseAtItsOwnEpoch() {
    HostLease next = LeaseRules.acquire(Optional.empty(), "laptop", "relay-a", 100, 30, T1);
    assertEquals("relay-a", next.holder());
    assertEquals(100, next.epoch());
    assertEquals(0, next.transitions());
    assertEquals("", next.resourceVersion(), "a create");
    assertEquals(T1, next.acquiredAt());
  }

  @Test
  void aNewSessionOutranksTheRecordedEpochEvenWhenItsClockIsBehind() {
    HostLease next =
        LeaseRules.acquire(Optional.of(lease("relay-b", 500, 3)), "laptop", "relay-a", 100, 30, T1);
    assertEquals(501, next.epoch());
    assertEquals(4, next.transitions());
    assertEquals("7", next.resourceVersion(), "the write is conditional on the version read");
  }

  @Test
  void renewingOurOwnRecordKeepsItsEpochAndAcquireTime() {
    LeaseRules.Renewal r =
        LeaseRules.renew(Optional.of(lease("relay-a", 100, 2)), "laptop", "relay-a", 100, 30, T1);
    HostLease next = assertInstanceOf(LeaseRules.Renewal.Renew.class, r).next();
    assertEquals(T0, next.acquiredAt());
    assertEquals(T1, next.renewedAt());
    assertEquals(2, next.transitions());
  }

  @Test
  void aHigherEpochInTheLeaseMeansOurSessionLost() {
    LeaseRules.Renewal r =
        LeaseRules.renew(Optional.of(lease("relay-b", 101, 3)), "laptop", "relay-a", 100, 30, T1);
    LeaseRules.Renewal.Lost lost = assertInstanceOf(LeaseRules.Renewal.Lost.class, r);
    assertEquals("relay-b", lost.holder());
    assertEquals(101, lost.epoch());
  }

  @Test
  void aMissingOrOlderRecordIsTakenBack() {
    assertInstanceOf(
        LeaseRules.Renewal.Retake.class,
        LeaseRules.renew(Optional.empty(), "laptop", "relay-a", 100, 30, T1));
    HostLease next =
        assertInstanceOf(
                LeaseRules.Renewal.Retake.class,
                LeaseRules.renew(
                    Optional.of(lease("relay-b", 90, 3)), "laptop", "relay-a", 100, 30, T1))
            .next();
    assertEquals(100, next.epoch());
    assertEquals("relay-a", next.holder());
  }

  @Test
  void onlyTheHoldingSessionReleasesAndTheEpochStays() {
    HostLease released =
        LeaseRules.release(Optional.of(lease("relay-a", 100, 2)), "relay-a", 100, T1).orElseThrow();
    assertEquals("", released.holder());
    assertEquals(100, released.epoch(), "the next session must still outrank it");
    assertEquals(T1, released.renewedAt());
    assertTrue(
        LeaseRules.release(Optional.of(lease("relay-b", 101, 3)), "relay-a", 100, T1).isEmpty());
    assertTrue(
        LeaseRules.release(Optional.of(lease("relay-a", 101, 3)), "relay-a", 100, T1).isEmpty());
  }
}
