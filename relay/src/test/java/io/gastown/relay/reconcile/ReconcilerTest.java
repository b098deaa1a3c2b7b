package io.gastown.relay.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.GastownStatus;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.Rig;
import io.gastown.relay.metrics.RelayMetrics;
import io.gastown.relay.route.Router;
import io.gastown.relay.route.RoutingTable;
import io.gastown.relay.session.DesiredSink;
import io.gastown.relay.status.EventFactory;
import io.gastown.relay.status.HostLink;
import io.gastown.relay.status.KubeWriter;
import io.gastown.relay.status.ReportOrigin;
import io.gastown.relay.status.ReportStore;
import io.gastown.relay.support.Fixtures;
import io.gastown.relay.watch.Requeue;
import io.gastown.relay.watch.ResourceCache;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's decisions, against hand-written fakes of the cache, the writer and the sessions. */
class ReconcilerTest {
  private final Map<ResourceKey, GastownResource<?>> objects = new HashMap<>();
  private final FakeWriter writer = new FakeWriter();
  private final List<String> sent = new ArrayList<>();
  private final List<ResourceKey> enqueued = new ArrayList<>();
  private final RoutingTable routing = new RoutingTable();
  private final ReportStore reports = new ReportStore();
  private final FakeOrigin origin = new FakeOrigin("laptop");
  private Reconciler reconciler;

  @BeforeEach
  void wire() {
    ResourceCache cache =
        new ResourceCache() {
          @Override
          public Optional<GastownResource<?>> get(ResourceKey key) {
            return Optional.ofNullable(objects.get(key));
          }

          @Override
          public Optional<Rig> rig(String name) {
            return Optional.ofNullable((Rig) objects.get(ResourceKey.rig(name)));
          }

          @Override
          public List<ResourceKey> dependantsOf(String rigName) {
            return objects.keySet().stream()
                .filter(k -> k.kind() != ResourceKey.rig("x").kind())
                .toList();
          }

          @Override
          public List<ResourceKey> allKeys() {
            return List.copyOf(objects.keySet());
          }
        };
    DesiredSink sink =
        new DesiredSink() {
          @Override
          public void upsert(String host, Resource resource) {
            sent.add("upsert " + host + " " + resource.getRef().getName());
          }

          @Override
          public void delete(String host, ResourceRef ref, DeleteReason reason) {
            sent.add("delete " + host + " " + ref.getName() + " " + reason);
          }
        };
    reconciler =
        new Reconciler(
            cache,
            new Router(Optional.empty()),
            routing,
            sink,
            reports,
            host -> HostLink.CONNECTED,
            writer,
            new EventFactory("relay-0", "default"),
            new RelayMetrics(),
            Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC),
            enqueued::add);
  }

  private Rig put(Rig rig) {
    objects.put(ResourceKey.of(rig), rig);
    return rig;
  }

  private Polecat put(Polecat p) {
    p.getMetadata().setFinalizers(new ArrayList<>(List.of(GastownNames.FINALIZER)));
    objects.put(ResourceKey.of(p), p);
    return p;
  }

  private void offer(GastownResource<?> cr, StatusReport.Builder report) {
    StatusReport r =
        report
            .setRef(ResourceKey.of(cr).toRef(cr.getMetadata().getUid()))
            .setSeq(7)
            .setObservedGeneration(1)
            .build();
    reports.offer(cr.getMetadata().getUid(), r, origin);
  }

  private static StatusReport.Builder rigReport(String phase) {
    return StatusReport.newBuilder()
        .setRig(io.gastown.proto.v1.RigStatus.newBuilder().setPhase(phase));
  }

  @Test
  void aNewRigIsSentToItsHostAndGetsItsHostInTheStatus() {
    Rig rig = put(Fixtures.rig("r", "laptop"));
    reconciler.process(ResourceKey.of(rig));
    assertEquals(List.of("upsert laptop r"), sent);
    assertEquals("laptop", ((Rig) writer.lastStatusOf).getStatus().host());
  }

  @Test
  void aReportIsWrittenAndAckedWritten() {
    Rig rig = put(Fixtures.rig("r", "laptop"));
    reconciler.process(ResourceKey.of(rig));
    offer(rig, rigReport("Ready"));
    reconciler.process(ResourceKey.of(rig));

    assertEquals(AckResult.ACK_RESULT_WRITTEN, origin.last().getResult());
    assertEquals(7, origin.last().getSeq());
    assertFalse(reports.ackedHash(rig.getMetadata().getUid()).isEmpty());
  }

  @Test
  void aConflictIsRetriedOnceOnTheFreshObjectAndThenAckedRetryAndRequeued() {
    Rig rig = put(Fixtures.rig("r", "laptop"));
    offer(rig, rigReport("Ready"));
    writer.statusOutcomes.add(KubeWriter.Outcome.CONFLICT);
    writer.statusOutcomes.add(KubeWriter.Outcome.CONFLICT);
    writer.fresh = rig;

    assertThrows(Requeue.class, () -> reconciler.process(ResourceKey.of(rig)));
    assertEquals(2, writer.statusWrites);
    assertEquals(AckResult.ACK_RESULT_RETRY, origin.last().getResult());
    assertEquals("", reports.ackedHash(rig.getMetadata().getUid()), "not acknowledged as written");
  }

  @Test
  void aConflictWhoseFreshObjectAlreadyShowsTheStatusIsUnchanged() {
    Rig rig = put(Fixtures.rig("r", "laptop"));
    reconciler.process(ResourceKey.of(rig));
    offer(rig, rigReport("Ready"));
    reconciler.process(ResourceKey.of(rig));
    Rig written = (Rig) writer.lastStatusOf; // what the API server now holds; the cache is behind
    offer(rig, rigReport("Ready"));
    writer.statusOutcomes.add(KubeWriter.Outcome.CONFLICT);
    writer.fresh = written;
    int before = writer.statusWrites;

    reconciler.process(ResourceKey.of(rig));

    assertEquals(before + 1, writer.statusWrites, "one write, refused; none after the fresh read");
    assertEquals(AckResult.ACK_RESULT_UNCHANGED, origin.last().getResult());
  }

  @Test
  void aStatusTheApiServerRejectsIsRefusedNotRetried() {
    Rig rig = put(Fixtures.rig("r", "laptop"));
    offer(rig, rigReport("NotAPhase"));
    writer.statusOutcomes.add(KubeWriter.Outcome.INVALID);

    reconciler.process(ResourceKey.of(rig));

    assertEquals(AckResult.ACK_RESULT_REFUSED, origin.last().getResult());
  }

  @Test
  void aReportOfAResourceThatRoutesElsewhereNowIsRefused() {
    Rig rig = put(Fixtures.rig("r", "desk"));
    offer(rig, rigReport("Ready"));
    reconciler.process(ResourceKey.of(rig));
    assertEquals(AckResult.ACK_RESULT_REFUSED, origin.last().getResult());
  }

  @Test
  void finalizedOnAPolecatBeingDeletedRemovesTheFinalizerAndRecordsItsEvents() {
    put(Fixtures.rig("r", "laptop"));
    Polecat p = put(Fixtures.polecat("p", "r"));
    p.getMetadata().setDeletionTimestamp("2026-05-01T09:00:00Z");
    offer(
        p,
        StatusReport.newBuilder()
            .setFinalized(true)
            .addEvents(io.gastown.proto.v1.Event.newBuilder().setId("e1").setReason("Nuked")));

    reconciler.process(ResourceKey.of(p));

    assertEquals(List.of(false), writer.finalizerChanges);
    assertEquals(List.of("Nuked"), writer.events.stream().map(Event::getReason).toList());
    assertEquals(AckResult.ACK_RESULT_WRITTEN, origin.last().getResult());
  }

  @Test
  void aDeletedResourceIsDeletedOnItsHostAndAWaitingReportIsGone() {
    Rig rig = put(Fixtures.rig("r", "laptop"));
    reconciler.process(ResourceKey.of(rig));
    offer(rig, rigReport("Ready"));
    objects.clear();

    reconciler.process(ResourceKey.of(rig));

    assertTrue(sent.contains("delete laptop r DELETE_REASON_DELETED"), sent.toString());
    assertEquals(AckResult.ACK_RESULT_GONE, origin.last().getResult());
    assertTrue(routing.byUid("uid-r").isEmpty());
  }

  /** Scripted outcomes; DONE when the script is empty. */
  private static final class FakeWriter implements KubeWriter {
    final Deque<Outcome> statusOutcomes = new ArrayDeque<>();
    final List<Boolean> finalizerChanges = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    GastownResource<?> fresh;
    GastownResource<?> lastStatusOf;
    int statusWrites;

    @Override
    public <S extends GastownStatus<S>> Outcome writeStatus(GastownResource<S> live, S status) {
      statusWrites++;
      Outcome o = statusOutcomes.isEmpty() ? Outcome.DONE : statusOutcomes.poll();
      if (o == Outcome.DONE) {
        GastownResource<S> copy = copy(live);
        copy.setStatus(status);
        lastStatusOf = copy;
      }
      return o;
    }

    private static <T extends GastownResource<?>> T copy(T r) {
      return new io.fabric8.kubernetes.client.utils.KubernetesSerialization().clone(r);
    }

    @Override
    public Outcome setFinalizer(GastownResource<?> live, boolean present) {
      finalizerChanges.add(present);
      return Outcome.DONE;
    }

    @Override
    public Optional<GastownResource<?>> fetch(ResourceKey key) {
      return Optional.ofNullable(fresh);
    }

    @Override
    public boolean createEvent(Event event) {
      events.add(event);
      return true;
    }
  }

  private static final class FakeOrigin implements ReportOrigin {
    final String host;
    final List<StatusAck> acks = new ArrayList<>();

    FakeOrigin(String host) {
      this.host = host;
    }

    StatusAck last() {
      return acks.get(acks.size() - 1);
    }

    @Override
    public String host() {
      return host;
    }

    @Override
    public boolean current() {
      return true;
    }

    @Override
    public void ack(StatusAck ack) {
      acks.add(ack);
    }
  }
}
