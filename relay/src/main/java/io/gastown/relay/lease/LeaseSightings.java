package io.gastown.relay.lease;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last record of every host's Lease this relay has seen (written or watched), and when it saw
 * it change. "Recently renewed" is judged by this relay's clock at the sighting, never by the
 * writer's {@code renewTime}, so clock skew between replicas cannot expire a live Lease.
 */
final class LeaseSightings implements RemoteHosts {
  private record Seen(HostLease lease, Instant at, boolean expiryNoticed) {}

  private final String relayId;
  private final Clock clock;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  LeaseSightings(String relayId, Clock clock) {
    this.relayId = relayId;
    this.clock = clock;
  }

  Optional<HostLease> last(String host) {
    return Optional.ofNullable(seen.get(host)).map(Seen::lease);
  }

  /** Whether this exact version was seen already (our own write coming back through the watch). */
  boolean known(HostLease lease) {
    Seen s = seen.get(lease.host());
    return s != null
        && !lease.resourceVersion().isEmpty()
        && s.lease().resourceVersion().equals(lease.resourceVersion());
  }

  /**
   * Records a sighting; returns whether it may change the host's presence as the other replicas'
   * records tell it (a new holder or epoch, or a record that had run out changing again).
   */
  boolean record(HostLease lease) {
    Seen before = seen.put(lease.host(), new Seen(lease, clock.instant(), false));
    return before == null
        || !before.lease().holder().equals(lease.holder())
        || before.lease().epoch() != lease.epoch()
        || before.expiryNoticed();
  }

  void forget(String host) {
    seen.remove(host);
  }

  /** Hosts whose record held by another replica stopped changing for its duration (once each). */
  List<HostLease> newlyExpired() {
    Instant now = clock.instant();
    List<HostLease> out = new ArrayList<>();
    seen.forEach(
        (host, s) -> {
          if (!s.expiryNoticed()
              && heldByOther(s.lease())
              && !now.isBefore(expiry(s))
              && seen.replace(host, s, new Seen(s.lease(), s.at(), true))) {
            out.add(s.lease());
          }
        });
    return out;
  }

  @Override
  public boolean heldElsewhere(String host) {
    Seen s = seen.get(host);
    return s != null && heldByOther(s.lease()) && clock.instant().isBefore(expiry(s));
  }

  @Override
  public Optional<Instant> lastSeen(String host) {
    Seen s = seen.get(host);
    if (s == null) {
      return Optional.empty();
    }
    if (heldByOther(s.lease())) {
      return Optional.of(expiry(s));
    }
    // released, or held by an earlier process with our id: gone since its last write
    Instant written = s.lease().renewedAt();
    return Optional.of(written.isBefore(s.at()) ? written : s.at());
  }

  private boolean heldByOther(HostLease l) {
    return l.held() && !l.holder().equals(relayId);
  }

  private static Instant expiry(Seen s) {
    return s.at().plusSeconds(Math.max(1, s.lease().durationSeconds()));
  }
}
