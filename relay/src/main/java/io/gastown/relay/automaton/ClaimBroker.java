package io.gastown.relay.automaton;

import io.gastown.relay.api.ResourceKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The offers of unclaimed Automatons: to whom each was offered and when, who declined, who accepted
 * (in order). An offer goes to every eligible host at once, so hosts race; the relay then writes
 * the claim for the first acceptance with a resourceVersion precondition, and the API server
 * decides a race between relay replicas. A host that did not answer within the offer timeout is
 * asked again; one that declined is asked again after the same time (its capacity may have freed).
 */
final class ClaimBroker {
  private final Clock clock;
  private final Duration retryAfter;
  private final Map<String, Waiting> waiting = new HashMap<>();

  private static final class Waiting {
    final ResourceKey key;
    final Map<String, Instant> offered = new HashMap<>();
    final Map<String, Instant> declined = new HashMap<>();
    final LinkedHashMap<String, Instant> accepted = new LinkedHashMap<>();

    Waiting(ResourceKey key) {
      this.key = key;
    }
  }

  ClaimBroker(Clock clock, Duration retryAfter) {
    this.clock = clock;
    this.retryAfter = retryAfter;
  }

  /**
   * The eligible hosts to offer {@code uid} to now: not offered within the retry time and not
   * declined within it.
   */
  synchronized List<String> toOffer(String uid, ResourceKey key, List<String> eligible) {
    Waiting w = waiting.computeIfAbsent(uid, u -> new Waiting(key));
    Instant now = clock.instant();
    List<String> out = new ArrayList<>();
    for (String host : eligible) {
      if (recent(w.offered.get(host), now) || recent(w.declined.get(host), now)) {
        continue;
      }
      w.offered.put(host, now);
      out.add(host);
    }
    return out;
  }

  private boolean recent(Instant at, Instant now) {
    return at != null && now.isBefore(at.plus(retryAfter));
  }

  /** A host's answer; returns the key to process again, if the uid still waits for a claim. */
  synchronized Optional<ResourceKey> answered(String uid, String host, boolean accept) {
    Waiting w = waiting.get(uid);
    if (w == null) {
      return Optional.empty();
    }
    w.offered.remove(host);
    if (accept) {
      w.accepted.putIfAbsent(host, clock.instant());
    } else {
      w.declined.put(host, clock.instant());
    }
    return Optional.of(w.key);
  }

  /** The first host that accepted and is still eligible (an acceptance lasts one retry time). */
  synchronized Optional<String> winner(String uid, Set<String> eligible) {
    Waiting w = waiting.get(uid);
    if (w == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    w.accepted.entrySet().removeIf(e -> !recent(e.getValue(), now));
    return w.accepted.keySet().stream().filter(eligible::contains).findFirst();
  }

  /** The claim was written (or the Automaton no longer waits): forget its offers. */
  synchronized void settled(String uid) {
    waiting.remove(uid);
  }

  /** Keys of the Automatons still waiting for a claim. */
  synchronized List<ResourceKey> waitingKeys() {
    return waiting.values().stream().map(w -> w.key).toList();
  }

  synchronized int size() {
    return waiting.size();
  }
}
