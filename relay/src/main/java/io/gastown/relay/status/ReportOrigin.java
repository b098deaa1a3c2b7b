package io.gastown.relay.status;

import io.gastown.proto.v1.StatusAck;

/** The host session a status report came from, and where its acknowledgement goes. */
public interface ReportOrigin {
  /** The authenticated host. */
  String host();

  /** False once a newer session of the host took over or the stream ended: drop its reports. */
  boolean current();

  void ack(StatusAck ack);
}
