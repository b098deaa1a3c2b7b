package io.gastown.relay.lease;

import java.time.Instant;
import java.util.Optional;

/** What the other relay replicas know of a host, read from its Lease. */
public interface RemoteHosts {
  /** Whether another replica holds a session of the host that it renewed recently. */
  boolean heldElsewhere(String host);

  /**
   * When the host was last known connected anywhere according to its Lease: the release of its last
   * session, or when another replica's record runs out. Empty when the Lease says nothing.
   */
  Optional<Instant> lastSeen(String host);

  /** One relay alone: nobody else knows anything. */
  RemoteHosts NONE =
      new RemoteHosts() {
        @Override
        public boolean heldElsewhere(String host) {
          return false;
        }

        @Override
        public Optional<Instant> lastSeen(String host) {
          return Optional.empty();
        }
      };
}
