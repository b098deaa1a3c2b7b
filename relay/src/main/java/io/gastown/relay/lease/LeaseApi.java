package io.gastown.relay.lease;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** The Kubernetes side of per-host Leases, narrow enough for a hand-written fake. */
public interface LeaseApi {
  /** The host's Lease as stored now (read from the API server, not a cache). */
  Optional<HostLease> get(String host);

  /**
   * Writes {@code lease}: creates it when its resourceVersion is "", else replaces the version
   * read. Returns the stored record (with its new resourceVersion).
   *
   * @throws LeaseConflict when someone else wrote first (409)
   */
  HostLease write(HostLease lease);

  /**
   * Delivers every Lease of this relay's hosts (the current ones, then each change) until the
   * handle is closed; {@code deleted} receives the host of a Lease that was deleted.
   */
  AutoCloseable watch(Consumer<HostLease> changed, Consumer<String> deleted);

  /** A write lost a race: re-read and decide again. */
  final class LeaseConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaseConflict(String message) {
      super(message);
    }
  }

  /** A time for the record, at the microsecond precision the API server keeps. */
  static Instant micros(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
