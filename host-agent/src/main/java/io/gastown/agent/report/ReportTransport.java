package io.gastown.agent.report;

import io.gastown.proto.v1.StatusReport;

/** Puts a report on the relay stream (the link's job). */
@FunctionalInterface
public interface ReportTransport {

  /** Queues the report for sending; false when there is no stream to send it on. */
  boolean send(StatusReport report);
}
