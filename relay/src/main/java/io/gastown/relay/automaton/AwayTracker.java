package io.gastown.relay.automaton;

import io.gastown.relay.status.HostLink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How long each claiming host has been away, as host presence tells (a host connected to another
 * replica counts as present through its Lease). Presence already waits the host grace before it
 * says a host is away; a claim is released once the host has been away for {@code releaseAfter}
 * beyond that. The clock starts when this relay first sees the host away, so a relay restart only
 * delays a release, never hastens one.
 */
final class AwayTracker {
  private final Function<String, HostLink> links;
  private final Clock clock;
  private final Duration releaseAfter;
  private final Map<String, Instant> awaySince = new HashMap<>();

  AwayTracker(Function<String, HostLink> links, Clock clock, Duration releaseAfter) {
    this.links = links;
    this.clock = clock;
    this.releaseAfter = releaseAfter;
  }

  /** Whether the host is away right now (past the presence grace). */
  synchronized boolean away(String host) {
    HostLink link = links.apply(host);
    if (link == HostLink.CONNECTED || link == HostLink.GRACE) {
      awaySince.remove(host);
      return false;
    }
    awaySince.putIfAbsent(host, clock.instant());
    return true;
  }

  /** Whether the host's claims are due for release. */
  synchronized boolean releaseDue(String host) {
    return away(host) && !clock.instant().isBefore(awaySince.get(host).plus(releaseAfter));
  }

  Duration releaseAfter() {
    return releaseAfter;
  }
}
