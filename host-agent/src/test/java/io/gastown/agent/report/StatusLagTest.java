package io.gastown.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Status lag: from a status change the relay has not seen to its acknowledgement. */
class StatusLagTest {
  final List<StatusReport> sent = new ArrayList<>();
  final List<Long> lags = new ArrayList<>();
  long nanos = 1_000;
  StatusReporter reporter;

  @BeforeEach
  void setUp() {
    reporter = new StatusReporter(sent::add, () -> nanos, new SplittableRandom(1));
    reporter.onStatusLag(lags::add);
    reporter.online(true);
  }

  static StatusReport status(String phase) {
    return StatusReport.newBuilder()
        .setRef(ResourceRef.newBuilder().setUid("u").setName("u"))
        .setRig(RigStatus.newBuilder().setPhase(phase))
        .build();
  }

  void ack(AckResult result) {
    StatusReport last = sent.get(sent.size() - 1);
    reporter.ack(
        StatusAck.newBuilder().setUid("u").setSeq(last.getSeq()).setResult(result).build());
  }

  @Test
  void theLagRunsFromTheChangeToTheAcknowledgement() {
    reporter.offer(status("Pending"));
    nanos += 40_000_000;
    ack(AckResult.ACK_RESULT_WRITTEN);
    assertEquals(List.of(40_000_000L), lags);
  }

  @Test
  void aNewerStatusWhileOneIsInFlightDoesNotRestartTheClock() {
    reporter.offer(status("Pending"));
    nanos += 10;
    reporter.offer(status("Ready")); // replaces the one in flight
    nanos += 10;
    reporter.ack(
        StatusAck.newBuilder()
            .setUid("u")
            .setSeq(sent.get(0).getSeq())
            .setResult(AckResult.ACK_RESULT_WRITTEN)
            .build()); // the older report's ack is stale
    assertEquals(List.of(), lags);
    ack(AckResult.ACK_RESULT_UNCHANGED); // the newest
    assertEquals(List.of(20L), lags, "measured from the first change the relay had not seen");
  }

  @Test
  void retriesCountAndRefusalsAreNotALag() {
    reporter.offer(status("Pending"));
    nanos += 5;
    ack(AckResult.ACK_RESULT_RETRY);
    assertEquals(List.of(), lags);
    nanos += 5;
    reporter.tick(); // not yet due: nothing resent
    ack(AckResult.ACK_RESULT_WRITTEN);
    assertEquals(List.of(10L), lags);

    reporter.offer(status("Ready"));
    ack(AckResult.ACK_RESULT_REFUSED);
    reporter.offer(status("Ready"));
    assertEquals(List.of(10L), lags, "a refused status is settled, not caught up with");
  }

  @Test
  void anUnchangedStatusOfferedAgainIsNoLag() {
    reporter.offer(status("Ready"));
    ack(AckResult.ACK_RESULT_WRITTEN);
    nanos += 100;
    reporter.offer(status("Ready"));
    assertEquals(1, sent.size());
    assertEquals(List.of(0L), lags);
  }
}
