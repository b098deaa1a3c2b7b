package io.gastown.agent.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code /readyz} says, decided from progress rather than liveness: the agent is ready when it
 * has observed the town recently and at least one relay session is up and resynced, so a wedged
 * observation loop or an agent no cluster can reach shows as not ready. One cluster being away does
 * not make the agent unready while another is served; the detail names it.
 */
public final class ReadinessRule {
  private ReadinessRule() {}

  /** One relay as readiness sees it. */
  public record Link(String name, boolean connected, boolean resynced) {
    boolean serving() {
      return connected && resynced;
    }
  }

  /**
   * @param links every configured relay
   * @param lastObservation the last successful observation of the town (EPOCH: never)
   * @param now the wall clock
   * @param maxAge how old the last observation may be
   * @param observationFailure why the last observation failed, when it did
   */
  public static HealthServer.Readiness evaluate(
      List<Link> links,
      Instant lastObservation,
      Instant now,
      Duration maxAge,
      Optional<String> observationFailure) {
    String why = observationFailure.map(f -> " (last failure: " + f + ")").orElse("");
    if (lastObservation.equals(Instant.EPOCH)) {
      return new HealthServer.Readiness(false, "the town has not been observed yet" + why);
    }
    Duration age = Duration.between(lastObservation, now);
    if (age.compareTo(maxAge) > 0) {
      return new HealthServer.Readiness(
          false, "the town was last observed " + age.toSeconds() + " s ago" + why);
    }
    List<String> serving = links.stream().filter(Link::serving).map(Link::name).toList();
    List<String> away = links.stream().filter(l -> !l.serving()).map(Link::name).toList();
    if (!links.isEmpty() && serving.isEmpty()) {
      return new HealthServer.Readiness(false, "no relay session is resynced yet: " + away);
    }
    String detail = links.isEmpty() ? "ok (no relays configured)" : "ok: serving " + serving;
    return new HealthServer.Readiness(
        true, away.isEmpty() ? detail : detail + "; not connected: " + away);
  }
}
