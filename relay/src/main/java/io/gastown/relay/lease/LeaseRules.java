package io.gastown.relay.lease;

import java.time.Instant;
import java.util.Optional;

/**
 * What a relay writes to a host's Lease, decided from the record it read. Pure: the epoch is the
 * fencing token, so the record with the higher epoch always wins and a relay never lowers it.
 */
final class LeaseRules {
  private LeaseRules() {}

  /**
   * The record that takes the Lease for a new session: an epoch above the one recorded (so the
   * order of successful writes is the order of sessions), and never below the relay's own.
   */
  static HostLease acquire(
      Optional<HostLease> current,
      String host,
      String relay,
      long localEpoch,
      int durationSeconds,
      Instant now) {
    long epoch = Math.max(localEpoch, current.map(c -> c.epoch() + 1).orElse(1L));
    int transitions = current.map(c -> c.transitions() + 1).orElse(0);
    String rv = current.map(HostLease::resourceVersion).orElse("");
    return new HostLease(host, relay, epoch, transitions, durationSeconds, now, now, rv);
  }

  /** What renewing the Lease of a session this relay holds comes to. */
  sealed interface Renewal {
    /** Still ours: write this record (a fresh renewal time). */
    record Renew(HostLease next) implements Renewal {}

    /** Missing or older than our session (deleted, or overwritten by mistake): take it back. */
    record Retake(HostLease next) implements Renewal {}

    /** A newer session (at {@code holder}) holds the host: our session must end. */
    record Lost(String holder, long epoch) implements Renewal {}
  }

  static Renewal renew(
      Optional<HostLease> current,
      String host,
      String relay,
      long epoch,
      int durationSeconds,
      Instant now) {
    if (current.isEmpty()) {
      return new Renewal.Retake(
          new HostLease(host, relay, epoch, 0, durationSeconds, now, now, ""));
    }
    HostLease c = current.get();
    if (c.epoch() > epoch) {
      return new Renewal.Lost(c.holder(), c.epoch());
    }
    if (c.epoch() == epoch && c.holder().equals(relay)) {
      return new Renewal.Renew(
          new HostLease(
              host,
              relay,
              epoch,
              c.transitions(),
              durationSeconds,
              c.acquiredAt(),
              now,
              c.resourceVersion()));
    }
    return new Renewal.Retake(
        new HostLease(
            host,
            relay,
            epoch,
            c.transitions() + 1,
            durationSeconds,
            now,
            now,
            c.resourceVersion()));
  }

  /** The record that says our session ended; empty when the Lease is not ours to release. */
  static Optional<HostLease> release(
      Optional<HostLease> current, String relay, long epoch, Instant now) {
    return current
        .filter(c -> c.holder().equals(relay) && c.epoch() == epoch)
        .map(c -> c.released(now));
  }
}
