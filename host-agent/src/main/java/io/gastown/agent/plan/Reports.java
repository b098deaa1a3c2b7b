package io.gastown.agent.plan;

import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusReport;

/** The parts every status report shares. */
final class Reports {
  private Reports() {}

  static StatusReport.Builder base(Resource r) {
    return StatusReport.newBuilder().setRef(r.getRef()).setObservedGeneration(r.getGeneration());
  }
}
