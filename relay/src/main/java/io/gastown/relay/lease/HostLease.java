package io.gastown.relay.lease;

import java.time.Instant;

/**
 * A host's {@code coordination.k8s.io} Lease as the relay reads and writes it.
 *
 * @param host the host id (the Lease is {@code gastown-host-<host>})
 * @param holder the relay id holding the host's newest session; "" once that session ended
 * @param epoch the session epoch of that session (annotation {@code
 *     gastown.gastown.io/session-epoch}): the fencing token, only ever raised
 * @param transitions how many sessions took the Lease ({@code leaseTransitions})
 * @param durationSeconds how long the record is valid without a renewal
 * @param acquiredAt when the holder's session took the Lease (EPOCH: unknown)
 * @param renewedAt the holder's last renewal (EPOCH: unknown)
 * @param resourceVersion the version read, the precondition of the next write ("" for a new one)
 */
public record HostLease(
    String host,
    String holder,
    long epoch,
    int transitions,
    int durationSeconds,
    Instant acquiredAt,
    Instant renewedAt,
    String resourceVersion) {

  /** Whether a session holds it (not released). */
  public boolean held() {
    return !holder.isEmpty();
  }

  public HostLease renewed(Instant now) {
    return new HostLease(
        host, holder, epoch, transitions, durationSeconds, acquiredAt, now, resourceVersion);
  }

  public HostLease released(Instant now) {
    return new HostLease(
        host, "", epoch, transitions, durationSeconds, acquiredAt, now, resourceVersion);
  }
}
