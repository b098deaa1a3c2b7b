package io.gastown.relay.session;

import io.gastown.proto.v1.ClaimDecision;
import io.gastown.proto.v1.MirrorReport;

/**
 * Where a session hands the agent messages that are not status reports: answers to claim offers,
 * and mirror reports. Called on gRPC's thread: implementations only record and enqueue.
 */
public interface PeerMessages {

  void claimDecision(HostChannel from, ClaimDecision decision);

  void mirrorReport(HostChannel from, MirrorReport report);

  /** Ignores both (a relay without the features). */
  PeerMessages NONE =
      new PeerMessages() {
        @Override
        public void claimDecision(HostChannel from, ClaimDecision decision) {}

        @Override
        public void mirrorReport(HostChannel from, MirrorReport report) {}
      };
}
