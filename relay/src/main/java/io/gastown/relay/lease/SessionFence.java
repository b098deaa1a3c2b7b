package io.gastown.relay.lease;

/**
 * Fencing of host sessions across relay replicas: a new session takes its host's Lease with an
 * epoch above every earlier one, and gives it back when it ends.
 */
public interface SessionFence {
  /**
   * Takes the host's Lease for a new session of this relay; returns the session's epoch: {@code
   * localEpoch} or higher when another replica recorded a higher one. Blocks for at most a few
   * seconds; when the API server cannot be reached it returns {@code localEpoch} and keeps trying
   * in the background.
   */
  long acquire(String host, long localEpoch);

  /**
   * The session registered at {@code localEpoch} ended: record it in the Lease, unless a newer
   * session took it since. Idempotent.
   */
  void release(String host, long localEpoch);

  /** One relay alone: local epochs are enough, nothing is written. */
  SessionFence LOCAL =
      new SessionFence() {
        @Override
        public long acquire(String host, long localEpoch) {
          return localEpoch;
        }

        @Override
        public void release(String host, long localEpoch) {}
      };
}
