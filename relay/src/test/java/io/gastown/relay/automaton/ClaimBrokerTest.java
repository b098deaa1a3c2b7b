package io.gastown.relay.automaton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.relay.api.ResourceKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClaimBrokerTest {
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-06-01T12:00:00Z"));
  final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  final ClaimBroker broker = new ClaimBroker(clock, Duration.ofSeconds(10));
  final ResourceKey key = AutomatonView.key("ns", "a");

  @Test
  void everyEligibleHostIsOfferedOnceUntilTheRetryTime() {
    assertEquals(List.of("h1", "h2"), broker.toOffer("u", key, List.of("h1", "h2")));
    assertEquals(List.of(), broker.toOffer("u", key, List.of("h1", "h2")));
    now.set(now.get().plusSeconds(11));
    assertEquals(List.of("h1", "h2"), broker.toOffer("u", key, List.of("h1", "h2")));
  }

  @Test
  void theFirstAcceptanceOfAStillEligibleHostWins() {
    broker.toOffer("u", key, List.of("h1", "h2"));
    assertEquals(Optional.of(key), broker.answered("u", "h2", true));
    broker.answered("u", "h1", true);
    assertEquals(Optional.of("h2"), broker.winner("u", Set.of("h1", "h2")));
    assertEquals(Optional.of("h1"), broker.winner("u", Set.of("h1")), "h2 left");
  }

  @Test
  void aDeclineIsRememberedForTheRetryTime() {
    broker.toOffer("u", key, List.of("h1"));
    broker.answered("u", "h1", false);
    assertEquals(List.of(), broker.toOffer("u", key, List.of("h1")));
    assertTrue(broker.winner("u", Set.of("h1")).isEmpty());
    now.set(now.get().plusSeconds(11));
    assertEquals(List.of("h1"), broker.toOffer("u", key, List.of("h1")));
  }

  @Test
  void anAnswerForAnAutomatonNoLongerWaitingIsIgnored() {
    broker.toOffer("u", key, List.of("h1"));
    broker.settled("u");
    assertTrue(broker.answered("u", "h1", true).isEmpty());
    assertEquals(0, broker.size());
  }
}
