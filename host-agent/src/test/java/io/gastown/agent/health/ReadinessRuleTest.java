package io.gastown.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.health.ReadinessRule.Link;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessRuleTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final Duration MAX_AGE = Duration.ofSeconds(10);

  static HealthServer.Readiness eval(List<Link> links, Instant observed) {
    return ReadinessRule.evaluate(links, observed, NOW, MAX_AGE, Optional.empty());
  }

  @Test
  void aFreshTownAndOneResyncedRelayIsReadyNamingTheOneAway() {
    HealthServer.Readiness r =
        eval(
            List.of(new Link("prod", true, true), new Link("lab", false, false)),
            NOW.minusSeconds(1));
    assertTrue(r.ready());
    assertEquals("ok: serving [prod]; not connected: [lab]", r.detail());
  }

  @Test
  void noRelayResyncedIsNotReady() {
    HealthServer.Readiness r =
        eval(
            List.of(new Link("prod", true, false), new Link("lab", false, true)),
            NOW.minusSeconds(1));
    assertFalse(r.ready());
    assertEquals("no relay session is resynced yet: [prod, lab]", r.detail());
  }

  @Test
  void aStaleOrMissingObservationIsNotReadyWithGtsWords() {
    List<Link> serving = List.of(new Link("prod", true, true));
    HealthServer.Readiness stale =
        ReadinessRule.evaluate(
            serving,
            NOW.minusSeconds(42),
            NOW,
            MAX_AGE,
            Optional.of("gt rig list exited 1: Dolt server is not running"));
    assertFalse(stale.ready());
    assertEquals(
        "the town was last observed 42 s ago (last failure: gt rig list exited 1: Dolt server is"
            + " not running)",
        stale.detail());
    HealthServer.Readiness never = eval(serving, Instant.EPOCH);
    assertFalse(never.ready());
    assertTrue(never.detail().startsWith("the town has not been observed yet"), never.detail());
  }

  @Test
  void anAgentWithoutRelaysIsReadyWhenItObservesTheTown() {
    HealthServer.Readiness r = eval(List.of(), NOW);
    assertTrue(r.ready());
    assertEquals("ok (no relays configured)", r.detail());
  }
}
