package io.gastown.relay.automaton;

import java.time.Duration;

/**
 * @param releaseAfter how long a claiming host may stay away (after the host grace) before its
 *     claims are released (RELAY_AUTOMATON_RELEASE_MS)
 * @param offerRetry how long an unanswered or declined offer waits before it is made again
 */
public record AutomatonSettings(Duration releaseAfter, Duration offerRetry) {

  public static final Duration DEFAULT_RELEASE_AFTER = Duration.ofMinutes(5);
  public static final Duration DEFAULT_OFFER_RETRY = Duration.ofSeconds(10);
}
