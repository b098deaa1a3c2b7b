package io.gastown.agent.reconcile;

import io.gastown.proto.v1.AgentMessage;

/** What the reconciler may send on a relay's link besides status reports. */
public interface LinkOutbox {

  /** Sends on the current session once its resync has ended; false when it cannot now. */
  boolean sendAfterResync(AgentMessage message);

  /** Resyncs completed so far (a new value: a new session to tell everything again). */
  long resyncs();

  /** An outbox that sends nothing (tests of planning alone). */
  LinkOutbox NONE =
      new LinkOutbox() {
        @Override
        public boolean sendAfterResync(AgentMessage message) {
          return false;
        }

        @Override
        public long resyncs() {
          return 0;
        }
      };
}
