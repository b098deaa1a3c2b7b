package io.gastown.agent.plan;

import static io.gastown.agent.plan.Conditions.READY;

import io.gastown.agent.town.ConvoyInfo;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.ConvoyStatus;
import io.gastown.proto.v1.TrackedBead;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Fills a Convoy's status from gt's listing of its convoy. */
final class ConvoyProgress {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private ConvoyProgress() {}

  static void fill(ConvoyInput in, ConvoyInfo c, ConvoyStatus.Builder status) {
    int total = c.total() > 0 ? c.total() : c.tracked().size();
    int completed =
        c.total() > 0
            ? c.completed()
            : (int) c.tracked().stream().filter(t -> t.status().equals("closed")).count();
    status
        .setConvoyId(c.id())
        .setCompleted(completed)
        .setTotal(total)
        .setProgress(completed + "/" + total)
        .setStartedAt(PolecatObservation.rfc3339(c.createdAt(), in.zone()));
    for (ConvoyInfo.TrackedIssue t : c.tracked()) {
      status.addTracked(
          TrackedBead.newBuilder()
              .setId(t.id())
              .setTitle(t.title())
              .setStatus(t.status())
              .setAssignee(t.assignee()));
    }
    boolean complete = total > 0 && completed >= total;
    if (complete) {
      String first = in.record().map(ConvoyRecord::completedAt).orElse("");
      status
          .setPhase("Complete")
          .setCompletedAt(
              first.isEmpty() ? in.now().atOffset(ZoneOffset.UTC).format(RFC3339) : first);
    } else {
      status.setPhase(c.closed() ? "Closed" : "Open");
    }
  }

  static Condition ready(ConvoyInfo c, ConvoyStatus.Builder status) {
    String progress = status.getCompleted() + " of " + status.getTotal() + " beads done";
    return switch (status.getPhase()) {
      case "Complete" -> Conditions.isTrue(READY, "Complete", "convoy " + c.id() + ": " + progress);
      case "Closed" ->
          Conditions.isFalse(READY, "Closed", "convoy " + c.id() + " was closed with " + progress);
      default -> Conditions.isTrue(READY, "Open", "convoy " + c.id() + ": " + progress);
    };
  }
}
