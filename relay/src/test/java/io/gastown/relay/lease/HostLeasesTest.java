package io.gastown.relay.lease;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostLeasesTest {
  private final FakeLeaseApi api = new FakeLeaseApi();
  private final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final List<String> lost = new CopyOnWriteArrayList<>();
  private final List<String> changed = new CopyOnWriteArrayList<>();
  private final List<String> writeResults = new CopyOnWriteArrayList<>();
  private HostLeases leases;

  private HostLeases start(String relayId, Duration duration) {
    leases =
        new HostLeases(
            api,
            relayId,
            duration,
            clock,
            (host, holder, epoch) -> lost.add(host + "@" + holder + "#" + epoch),
            changed::add,
            writeResults::add);
    leases.start();
    return leases;
  }

  @AfterEach
  void stop() {
    if (leases != null) {
      leases.close();
    }
  }

  private static HostLease other(String host, String holder, long epoch) {
    return new HostLease(host, holder, epoch, 1, 30, Instant.EPOCH, Instant.EPOCH, "");
  }

  @Test
  void aNewSessionCreatesItsHostsLeaseWithItsEpoch() {
    start("relay-a", Duration.ofSeconds(30));
    assertEquals(1000, leases.acquire("laptop", 1000));
    HostLease stored = api.stored("laptop").orElseThrow();
    assertEquals("relay-a", stored.holder());
    assertEquals(1000, stored.epoch());
    assertEquals(30, stored.durationSeconds());
  }

  @Test
  void theEpochIsRaisedAboveOneAnotherReplicaRecorded() {
    api.put(other("laptop", "relay-b", 5000));
    start("relay-a", Duration.ofSeconds(30));
    assertEquals(5001, leases.acquire("laptop", 1000));
    assertEquals("relay-a", api.stored("laptop").orElseThrow().holder());
    assertEquals(2, api.stored("laptop").orElseThrow().transitions());
  }

  @Test
  void aConflictingWriteIsReadAgainAndRetried() {
    start("relay-a", Duration.ofSeconds(30));
    api.conflictsToInject = 2;
    assertEquals(1000, leases.acquire("laptop", 1000));
    assertEquals("relay-a", api.stored("laptop").orElseThrow().holder());
    assertEquals(2, writeResults.stream().filter("conflict"::equals).count());
  }

  @Test
  void aNewerSessionAtAnotherReplicaEndsOursThroughTheWatch() {
    start("relay-a", Duration.ofSeconds(30));
    long epoch = leases.acquire("laptop", 1000);
    HostLease mine = api.stored("laptop").orElseThrow();
    api.put(
        new HostLease(
            "laptop",
            "relay-b",
            epoch + 1,
            mine.transitions() + 1,
            30,
            Instant.EPOCH,
            Instant.EPOCH,
            mine.resourceVersion()));

    await().atMost(Duration.ofSeconds(2)).until(() -> lost.contains("laptop@relay-b#1001"));
    assertTrue(leases.heldElsewhere("laptop"));
    leases.release("laptop", 1000);
    await()
        .pollDelay(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> api.stored("laptop").orElseThrow().holder().equals("relay-b"));
  }

  @Test
  void heldLeasesAreRenewed() {
    start("relay-a", Duration.ofSeconds(1)); // renewed every 333 ms
    leases.acquire("laptop", 1000);
    Instant first = api.stored("laptop").orElseThrow().renewedAt();
    clock.advance(Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> api.stored("laptop").orElseThrow().renewedAt().isAfter(first));
    assertEquals(1000, api.stored("laptop").orElseThrow().epoch());
  }

  @Test
  void aReleaseRecordsTheEndButNotWhenANewerSessionOfOursTookOver() {
    start("relay-a", Duration.ofSeconds(30));
    leases.acquire("laptop", 1000);
    leases.acquire("laptop", 1001); // a newer local session, before the old one's end is seen
    leases.release("laptop", 1000);
    await()
        .pollDelay(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> api.stored("laptop").orElseThrow().holder().equals("relay-a"));
    assertEquals(1001, api.stored("laptop").orElseThrow().epoch());

    leases.release("laptop", 1001);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> api.stored("laptop").orElseThrow().holder().isEmpty());
    assertEquals(1001, api.stored("laptop").orElseThrow().epoch(), "the epoch stays recorded");
  }

  @Test
  void anotherReplicasRecordMeansConnectedUntilItStopsChanging() {
    start("relay-a", Duration.ofSeconds(3));
    api.put(other("laptop", "relay-b", 7));
    await().atMost(Duration.ofSeconds(2)).until(() -> leases.heldElsewhere("laptop"));
    Instant seenAt = clock.instant();
    assertTrue(changed.contains("laptop"));

    changed.clear();
    clock.advance(Duration.ofSeconds(31)); // the record says 30 s, but it was never renewed
    await().atMost(Duration.ofSeconds(2)).until(() -> changed.contains("laptop"));
    assertFalse(leases.heldElsewhere("laptop"));
    assertEquals(Optional.of(seenAt.plusSeconds(30)), leases.lastSeen("laptop"));
  }

  @Test
  void aReleasedRecordTellsSinceWhenTheHostIsGone() {
    start("relay-a", Duration.ofSeconds(3));
    Instant releasedAt = clock.instant().minusSeconds(4);
    api.put(new HostLease("laptop", "", 9, 2, 3, Instant.EPOCH, releasedAt, ""));
    await().atMost(Duration.ofSeconds(2)).until(() -> leases.lastSeen("laptop").isPresent());
    assertFalse(leases.heldElsewhere("laptop"));
    assertEquals(Optional.of(releasedAt), leases.lastSeen("laptop"));
    assertEquals(Optional.empty(), leases.lastSeen("desktop"));
  }

  @Test
  void anUnreachableApiServerNeverBlocksASessionAndTheLeaseIsTakenLater() {
    start("relay-a", Duration.ofSeconds(1));
    api.down = true;
    assertEquals(1000, leases.acquire("laptop", 1000));
    assertTrue(writeResults.contains("error"));
    api.down = false;
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> api.stored("laptop").map(l -> l.holder().equals("relay-a")).orElse(false));
    assertEquals(1000, api.stored("laptop").orElseThrow().epoch());
  }

  /** A clock tests move by hand. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
