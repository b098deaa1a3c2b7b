package io.gastown.relay.reconcile;

import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.GastownStatus;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.api.Resources;
import io.gastown.relay.convert.DesiredConverter;
import io.gastown.relay.metrics.RelayMetrics;
import io.gastown.relay.route.Route;
import io.gastown.relay.route.Router;
import io.gastown.relay.route.RoutingTable;
import io.gastown.relay.session.DesiredSink;
import io.gastown.relay.status.AckResults;
import io.gastown.relay.status.EventFactory;
import io.gastown.relay.status.Finalizers;
import io.gastown.relay.status.HostLink;
import io.gastown.relay.status.KubeWriter;
import io.gastown.relay.status.ReportStore;
import io.gastown.relay.status.StatusBuilder;
import io.gastown.relay.watch.KeyProcessor;
import io.gastown.relay.watch.Requeue;
import io.gastown.relay.watch.ResourceCache;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The work for one resource key, level-triggered from the current object in the cache: route it,
 * tell its host (and the host it left), keep the finalizer right, handle a waiting status report
 * (events, finalization, acknowledgement) and write the status if it differs from the live one.
 */
public final class Reconciler implements KeyProcessor<ResourceKey> {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final ResourceCache cache;
  private final Router router;
  private final RoutingTable routing;
  private final DesiredSink sink;
  private final ReportStore reports;
  private final Function<String, HostLink> links;
  private final KubeWriter writer;
  private final EventFactory events;
  private final RelayMetrics metrics;
  private final Clock clock;
  private final Consumer<ResourceKey> enqueue;
  // the host each Rig routed to when last processed ("" for none): a change re-routes dependants
  private final Map<String, String> rigHosts = new ConcurrentHashMap<>();

  public Reconciler(
      ResourceCache cache,
      Router router,
      RoutingTable routing,
      DesiredSink sink,
      ReportStore reports,
      Function<String, HostLink> links,
      KubeWriter writer,
      EventFactory events,
      RelayMetrics metrics,
      Clock clock,
      Consumer<ResourceKey> enqueue) {
    this.cache = cache;
    this.router = router;
    this.routing = routing;
    this.sink = sink;
    this.reports = reports;
    this.links = links;
    this.writer = writer;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.enqueue = enqueue;
  }

  @Override
  public void process(ResourceKey key) {
    if (key.kind() == ResourceKind.AUTOMATON) {
      return; // the automaton package's own workers handle those
    }
    MDC.put("kind", key.kind().kindName());
    MDC.put("namespace", key.namespace());
    MDC.put("name", key.name());
    try {
      Optional<GastownResource<?>> found = cache.get(key);
      if (found.isEmpty()) {
        gone(key);
      } else {
        reconcile(key, found.get());
      }
    } finally {
      MDC.clear();
    }
  }

  private void gone(ResourceKey key) {
    routing.byKey(key).ifPresent(e -> forgetRouted(e, DeleteReason.DELETE_REASON_DELETED));
    if (key.kind() == ResourceKind.RIG) {
      rigRouted(key.name(), null);
    }
  }

  private void forgetRouted(RoutingTable.Entry e, DeleteReason reason) {
    routing.remove(e.uid());
    sink.delete(e.host(), e.desired().getRef(), reason);
    AckResult result =
        reason == DeleteReason.DELETE_REASON_DELETED
            ? AckResult.ACK_RESULT_GONE
            : AckResult.ACK_RESULT_REFUSED;
    reports.forget(e.uid()).ifPresent(p -> ack(p, result, "the resource left this host"));
  }

  private <S extends GastownStatus<S>> void reconcile(ResourceKey key, GastownResource<S> cr) {
    String uid = Resources.uid(cr);
    routing
        .byKey(key)
        .filter(e -> !e.uid().equals(uid)) // deleted and re-created under the same name
        .ifPresent(e -> forgetRouted(e, DeleteReason.DELETE_REASON_DELETED));
    Route route = router.route(cr, cache::rig);
    if (cr.resourceKind() == ResourceKind.RIG) {
      rigRouted(key.name(), route.host().orElse(""));
    }
    MDC.put("host", route.host().orElse(""));
    if (route instanceof Route.To to) {
      publish(key, uid, cr, to.hostId());
    } else {
      routing.byUid(uid).ifPresent(e -> forgetRouted(e, DeleteReason.DELETE_REASON_REROUTED));
    }
    Finalizers.Change change = Finalizers.plan(cr, route instanceof Route.To);
    if (change != Finalizers.Change.NONE) {
      // the update event brings the key back for the rest
      expect(writer.setFinalizer(cr, change == Finalizers.Change.ADD), "finalizer " + change);
      return;
    }
    Optional<ReportStore.Pending> pending =
        reports.takePending(uid).filter(p -> fromRoute(p, route));
    try {
      handle(key, cr, route, pending);
    } catch (RuntimeException e) {
      pending.ifPresent(
          p -> {
            metrics.statusResult(AckResults.label(AckResult.ACK_RESULT_RETRY));
            ack(p, AckResult.ACK_RESULT_RETRY, "the relay could not write it now");
          });
      throw e;
    }
  }

  private boolean fromRoute(ReportStore.Pending p, Route route) {
    if (!p.origin().current()) {
      return false; // its session is gone; the agent reports again on its next session
    }
    if (route.host().filter(h -> h.equals(p.origin().host())).isEmpty()) {
      ack(p, AckResult.ACK_RESULT_REFUSED, "the resource no longer routes to this host");
      return false;
    }
    return true;
  }

  private void publish(ResourceKey key, String uid, GastownResource<?> cr, String host) {
    Resource desired = DesiredConverter.toProto(cr, host);
    Optional<RoutingTable.Entry> previous =
        routing.put(new RoutingTable.Entry(key, uid, host, desired));
    boolean moved = previous.isPresent() && !previous.get().host().equals(host);
    if (moved) {
      sink.delete(
          previous.get().host(),
          previous.get().desired().getRef(),
          DeleteReason.DELETE_REASON_REROUTED);
      reports.forget(uid).ifPresent(p -> ack(p, AckResult.ACK_RESULT_REFUSED, "re-routed"));
      LOG.info("{} re-routed from host {} to host {}", key, previous.get().host(), host);
    }
    if (previous.isEmpty()
        || moved
        || !DesiredConverter.comparable(previous.get().desired())
            .equals(DesiredConverter.comparable(desired))) {
      sink.upsert(host, desired);
    }
  }

  private void rigRouted(String rigName, String hostOrNull) {
    String old = hostOrNull == null ? rigHosts.remove(rigName) : rigHosts.put(rigName, hostOrNull);
    if (!Objects.equals(old, hostOrNull)) {
      cache.dependantsOf(rigName).forEach(enqueue);
    }
  }

  private <S extends GastownStatus<S>> void handle(
      ResourceKey key, GastownResource<S> cr, Route route, Optional<ReportStore.Pending> pending) {
    if (pending.isPresent()) {
      for (io.gastown.proto.v1.Event e : pending.get().events()) {
        writer.createEvent(events.build(cr, e, clock.instant()));
      }
      StatusReport report = pending.get().report();
      if (report.getFinalized() && Resources.deleting(cr) && Resources.hasFinalizer(cr)) {
        releaseFinalizer(cr, pending.get());
        return;
      }
    }
    Optional<StatusReport> report =
        pending.map(ReportStore.Pending::report).or(() -> reports.accepted(Resources.uid(cr)));
    AckResult result = new StatusWrite<>(key, cr, route, report).run();
    if (result == AckResult.ACK_RESULT_WRITTEN || result == AckResult.ACK_RESULT_UNCHANGED) {
      pending.ifPresent(p -> reports.accept(Resources.uid(cr), p.report()));
      pending.ifPresent(p -> metrics.progress().statusLag(System.nanoTime() - p.receivedNanos()));
    }
    if (result == AckResult.ACK_RESULT_RETRY) {
      throw new Requeue("the status of " + key + " kept conflicting"); // acked RETRY by caller
    }
    if (pending.isPresent() && result != AckResult.ACK_RESULT_WRITTEN) {
      metrics.statusResult(
          AckResults.label(result)); // "written" counts every write, in StatusWrite
    }
    pending.ifPresent(p -> ack(p, result, ""));
  }

  private void releaseFinalizer(GastownResource<?> cr, ReportStore.Pending pending) {
    KubeWriter.Outcome outcome = writer.setFinalizer(cr, false);
    LOG.info("host reported {} finalized: finalizer removal {}", ResourceKey.of(cr), outcome);
    expect(outcome, "finalizer removal"); // a conflict is acknowledged RETRY by the caller
    AckResult result =
        switch (outcome) {
          case DONE -> AckResult.ACK_RESULT_WRITTEN;
          case GONE -> AckResult.ACK_RESULT_GONE;
          default -> AckResult.ACK_RESULT_REFUSED;
        };
    metrics.statusResult(AckResults.label(result));
    ack(pending, result, "finalizer " + outcome);
  }

  private static void expect(KubeWriter.Outcome outcome, String what) {
    if (outcome == KubeWriter.Outcome.CONFLICT) {
      throw new Requeue(what + " met a conflict");
    }
  }

  private void ack(ReportStore.Pending p, AckResult result, String message) {
    p.origin()
        .ack(
            StatusAck.newBuilder()
                .setUid(p.report().getRef().getUid())
                .setSeq(p.report().getSeq())
                .setResult(result)
                .setMessage(message)
                .build());
  }

  /**
   * Writes the desired status if it differs from the live one. On a conflict the cache was behind
   * (often: the relay's own previous write): read the object from the API server and try once more
   * before asking for a retry.
   */
  private final class StatusWrite<S extends GastownStatus<S>> {
    private final ResourceKey key;
    private GastownResource<S> cr;
    private final Route route;
    private final Optional<StatusReport> report;

    StatusWrite(
        ResourceKey key, GastownResource<S> cr, Route route, Optional<StatusReport> report) {
      this.key = key;
      this.cr = cr;
      this.route = route;
      this.report = report;
    }

    @SuppressWarnings("unchecked")
    AckResult run() {
      String uid = Resources.uid(cr);
      for (int attempt = 0; attempt < 2; attempt++) {
        S live = cr.getStatus() == null ? cr.emptyStatus() : cr.getStatus();
        HostLink link = route.host().map(links).orElse(HostLink.CONNECTED);
        S desired =
            StatusBuilder.desired(
                new StatusBuilder.Inputs<>(
                    cr.resourceKind(), live, report, route, link, clock.instant()));
        if (desired.equals(live)) {
          return AckResult.ACK_RESULT_UNCHANGED;
        }
        LOG.debug("writing the status of {}: {} (was {})", key, desired, live);
        KubeWriter.Outcome outcome = writer.writeStatus(cr, desired);
        if (outcome == KubeWriter.Outcome.DONE) {
          metrics.statusResult("written");
          return AckResult.ACK_RESULT_WRITTEN;
        }
        if (outcome == KubeWriter.Outcome.GONE) {
          return AckResult.ACK_RESULT_GONE;
        }
        if (outcome == KubeWriter.Outcome.INVALID) {
          return AckResult.ACK_RESULT_REFUSED; // e.g. a phase the CRD does not allow
        }
        Optional<GastownResource<?>> fresh = writer.fetch(key);
        if (fresh.isEmpty() || !Resources.uid(fresh.get()).equals(uid)) {
          return AckResult.ACK_RESULT_GONE;
        }
        cr = (GastownResource<S>) fresh.get();
      }
      return AckResult.ACK_RESULT_RETRY;
    }
  }
}
