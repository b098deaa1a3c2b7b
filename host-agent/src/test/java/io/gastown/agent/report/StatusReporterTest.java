package io.gastown.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.Event;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
  final List<StatusReport> sent = new ArrayList<>();
  long nanos;
  boolean transportUp = true;
  StatusReporter reporter;

  @BeforeEach
  void setUp() {
    reporter =
        new StatusReporter(
            r -> {
              if (transportUp) {
                sent.add(r);
              }
              return transportUp;
            },
            () -> nanos,
            new SplittableRandom(1));
    reporter.online(true);
  }

  static StatusReport status(String uid, String phase) {
    return StatusReport.newBuilder()
        .setRef(ResourceRef.newBuilder().setUid(uid).setName(uid))
        .setObservedGeneration(1)
        .setRig(RigStatus.newBuilder().setPhase(phase))
        .build();
  }

  void ack(StatusReport r, AckResult result) {
    reporter.ack(
        StatusAck.newBuilder()
            .setUid(r.getRef().getUid())
            .setSeq(r.getSeq())
            .setResult(result)
            .build());
  }

  static Event event(String id) {
    return Event.newBuilder().setId(id).setReason("RigAdded").build();
  }

  @Test
  void aNewStatusIsSentWithAnIncreasingSeq() {
    reporter.offer(status("a", "Pending"));
    reporter.offer(status("a", "Ready"));
    assertEquals(2, sent.size());
    assertTrue(sent.get(1).getSeq() > sent.get(0).getSeq());
  }

  @Test
  void theSameStatusIsNotSentAgainOnceAcknowledged() {
    reporter.offer(status("a", "Ready"));
    ack(sent.get(0), AckResult.ACK_RESULT_WRITTEN);
    reporter.offer(status("a", "Ready"));
    reporter.offer(status("a", "Ready"));
    assertEquals(1, sent.size());
    assertEquals(StatusHash.of(status("a", "Ready")), reporter.ackedHash("a"));
    assertEquals(0, reporter.pending());
  }

  @Test
  void theSameStatusIsNotSentTwiceWhileInFlight() {
    reporter.offer(status("a", "Ready"));
    reporter.offer(status("a", "Ready"));
    assertEquals(1, sent.size());
  }

  @Test
  void anOverdueReportIsResentWithJitteredBackoff() {
    reporter.offer(status("a", "Ready"));
    reporter.tick();
    assertEquals(1, sent.size());
    nanos += TimeUnit.SECONDS.toNanos(3);
    reporter.tick();
    assertEquals(2, sent.size());
    assertEquals(sent.get(0).getRig(), sent.get(1).getRig());
    ack(sent.get(0), AckResult.ACK_RESULT_WRITTEN);
    assertEquals(1, reporter.pending(), "an ack of an older seq settles nothing");
    ack(sent.get(1), AckResult.ACK_RESULT_WRITTEN);
    assertEquals(0, reporter.pending());
  }

  @Test
  void retryAckDelaysTheResend() {
    reporter.offer(status("a", "Ready"));
    ack(sent.get(0), AckResult.ACK_RESULT_RETRY);
    reporter.tick();
    assertEquals(1, sent.size());
    nanos += TimeUnit.SECONDS.toNanos(3);
    reporter.tick();
    assertEquals(2, sent.size());
  }

  @Test
  void reportsWaitWhileOfflineAndUnackedOnesAreResentOnReconnect() {
    reporter.offer(status("a", "Ready"));
    reporter.online(false);
    reporter.offer(status("b", "Ready"));
    assertEquals(1, sent.size());
    reporter.online(true);
    assertEquals(3, sent.size(), "b is sent, and a (never acknowledged) is sent again");
    assertEquals(
        List.of("a", "b"),
        sent.subList(1, 3).stream().map(r -> r.getRef().getUid()).sorted().toList());
  }

  @Test
  void newestWinsAndMemoryHoldsOneEntryPerResource() {
    reporter.online(false);
    for (int i = 0; i < 1000; i++) {
      reporter.offer(status("a", "P" + i));
    }
    reporter.online(true);
    assertEquals(1, sent.size());
    assertEquals("P999", sent.get(0).getRig().getPhase());
  }

  @Test
  void eventsRideUntilAReportCarryingThemIsAcknowledged() {
    reporter.offer(status("a", "Pending"));
    reporter.event("a", event("e1"));
    assertEquals(2, sent.size());
    assertEquals(List.of(event("e1")), sent.get(1).getEventsList());
    reporter.online(false);
    reporter.online(true);
    StatusReport resent = sent.get(sent.size() - 1);
    assertEquals(List.of(event("e1")), resent.getEventsList(), "resent after reconnect");
    ack(resent, AckResult.ACK_RESULT_WRITTEN);
    reporter.offer(status("a", "Ready"));
    assertEquals(List.of(), sent.get(sent.size() - 1).getEventsList(), "sent once acknowledged");
  }

  @Test
  void anEventIsSentEvenWhenTheStatusIsUnchanged() {
    reporter.offer(status("a", "Ready"));
    ack(sent.get(0), AckResult.ACK_RESULT_WRITTEN);
    reporter.event("a", event("e1"));
    assertEquals(2, sent.size());
    assertEquals("e1", sent.get(1).getEvents(0).getId());
  }

  @Test
  void eventsPerResourceAreBounded() {
    reporter.online(false);
    reporter.offer(status("a", "Ready"));
    for (int i = 0; i < 100; i++) {
      reporter.event("a", event("e" + i));
    }
    reporter.online(true);
    assertEquals(StatusReporter.MAX_EVENTS_PER_RESOURCE, sent.get(0).getEventsCount());
    assertEquals("e99", sent.get(0).getEvents(StatusReporter.MAX_EVENTS_PER_RESOURCE - 1).getId());
  }

  @Test
  void statusWantedResendsAnAcknowledgedStatus() {
    reporter.offer(status("a", "Ready"));
    ack(sent.get(0), AckResult.ACK_RESULT_UNCHANGED);
    reporter.wanted(List.of("a"));
    assertEquals(2, sent.size());
    reporter.offer(status("b", "Ready"));
    ack(sent.get(1), AckResult.ACK_RESULT_WRITTEN);
    ack(sent.get(2), AckResult.ACK_RESULT_WRITTEN);
    reporter.wantedAll();
    assertEquals(5, sent.size());
  }

  @Test
  void goneAndRefusedSettleWithoutLoops() {
    reporter.offer(status("a", "Ready"));
    ack(sent.get(0), AckResult.ACK_RESULT_GONE);
    reporter.offer(status("a", "Ready"));
    nanos += TimeUnit.MINUTES.toNanos(5);
    reporter.tick();
    assertEquals(1, sent.size());
  }

  @Test
  void theHashIgnoresSeqAndEvents() {
    StatusReport s = status("a", "Ready");
    assertEquals(
        StatusHash.of(s), StatusHash.of(s.toBuilder().setSeq(9).addEvents(event("x")).build()));
    assertNotEquals(StatusHash.of(s), StatusHash.of(status("a", "Parked")));
    assertEquals(64, StatusHash.of(s).length());
  }

  @Test
  void aForgottenResourceIsNotSent() {
    reporter.online(false);
    reporter.offer(status("a", "Ready"));
    reporter.forget("a");
    reporter.online(true);
    assertEquals(0, sent.size());
    assertEquals("", reporter.ackedHash("a"));
  }

  @Test
  void statusesReplacedBeforeTheirAckAndEventsOverTheCapAreCountedAsDiscarded() {
    transportUp = false;
    reporter.offer(status("a", "Adding"));
    reporter.offer(status("a", "Ready")); // the unsent Adding will never be acknowledged
    reporter.offer(status("a", "Ready")); // the same status again is no discard
    assertEquals(1, reporter.coalesced());
    for (int i = 0; i < StatusReporter.MAX_EVENTS_PER_RESOURCE + 3; i++) {
      reporter.event("a", event("e" + i));
    }
    assertEquals(3, reporter.eventsDropped());
  }
}
