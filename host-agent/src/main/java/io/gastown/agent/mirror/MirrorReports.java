package io.gastown.agent.mirror;

import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.MirrorObject;
import io.gastown.proto.v1.MirrorReport;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Sends each cluster's complete mirror report after an observation, when it differs from the last
 * one sent on the current session, or the session is new (its relay forgot nothing it must not, but
 * must hear everything again). Only a session whose resync has ended takes it: the report leaves
 * out what this cluster's resources cover, which the host knows only after ResyncEnd.
 */
public final class MirrorReports {
  private record Sent(long resyncs, byte[] report) {}

  private final Map<String, Sent> sent = new HashMap<>();

  /**
   * @param relay the relay's name
   * @param objects everything the town holds without a resource from that cluster
   * @param resyncs the link's resync count (a new value: a new session)
   * @param send sends on the current session after its resync; false when it cannot now
   */
  public synchronized void offer(
      String relay, List<MirrorObject> objects, long resyncs, Predicate<AgentMessage> send) {
    MirrorReport report =
        MirrorReport.newBuilder().setComplete(true).addAllObjects(objects).build();
    byte[] bytes = report.toByteArray();
    Sent last = sent.get(relay);
    if (last != null && last.resyncs() == resyncs && Arrays.equals(last.report(), bytes)) {
      return;
    }
    if (send.test(AgentMessage.newBuilder().setMirror(report).build())) {
      sent.put(relay, new Sent(resyncs, bytes));
    }
  }
}
