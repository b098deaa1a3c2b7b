package io.gastown.relay.status;

import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.api.Resources;
import io.gastown.relay.convert.StatusConverter;
import io.gastown.relay.metrics.RelayMetrics;
import io.gastown.relay.route.RoutingTable;
import io.gastown.relay.watch.ResourceCache;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a session hands a status report. Reports for a resource that is gone, or that routes to
 * another host, are answered at once (GONE, REFUSED); the others wait in the {@link ReportStore}
 * for the resource's worker, which writes the status and acknowledges.
 */
public final class ReportIntake {
  private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);

  private final ResourceCache cache;
  private final RoutingTable routing;
  private final ReportStore store;
  private final Consumer<ResourceKey> enqueue;
  private final RelayMetrics metrics;
  private volatile java.util.function.BiConsumer<ReportOrigin, StatusReport> automatons =
      (origin, report) -> {};

  public ReportIntake(
      ResourceCache cache,
      RoutingTable routing,
      ReportStore store,
      Consumer<ResourceKey> enqueue,
      RelayMetrics metrics) {
    this.cache = cache;
    this.routing = routing;
    this.store = store;
    this.enqueue = enqueue;
    this.metrics = metrics;
  }

  /** Where reports about claimed Automatons go (the automaton package). */
  public void automatonReports(java.util.function.BiConsumer<ReportOrigin, StatusReport> intake) {
    this.automatons = intake;
  }

  public void accept(ReportOrigin origin, StatusReport report) {
    String uid = report.getRef().getUid();
    Optional<ResourceKind> kind = ResourceKind.fromProto(report.getRef().getKind());
    if (kind.isPresent() && kind.get() == ResourceKind.AUTOMATON) {
      automatons.accept(origin, report);
      return;
    }
    if (kind.isEmpty()) {
      refuse(origin, report, "unsupported kind " + report.getRef().getKind());
      return;
    }
    ResourceKey key =
        new ResourceKey(kind.get(), report.getRef().getNamespace(), report.getRef().getName());
    if (report.getStatusCase() != StatusReport.StatusCase.STATUS_NOT_SET
        && StatusConverter.fromReport(kind.get(), report).isEmpty()) {
      refuse(origin, report, key + ": the report carries the status of another kind");
      return;
    }
    Optional<GastownResource<?>> live = cache.get(key);
    if (live.isEmpty() || !Resources.uid(live.get()).equals(uid)) {
      ack(
          origin,
          report,
          AckResult.ACK_RESULT_GONE,
          key + " with uid " + uid + " no longer exists");
      return;
    }
    Optional<RoutingTable.Entry> entry = routing.byUid(uid);
    if (entry.isEmpty() || !entry.get().host().equals(origin.host())) {
      refuse(origin, report, key + " is not routed to host " + origin.host());
      return;
    }
    store.offer(uid, report, origin);
    enqueue.accept(key);
  }

  private void refuse(ReportOrigin origin, StatusReport report, String why) {
    LOG.warn("refused a status report from host {}: {}", origin.host(), why);
    ack(origin, report, AckResult.ACK_RESULT_REFUSED, why);
  }

  private void ack(ReportOrigin origin, StatusReport report, AckResult result, String message) {
    metrics.statusResult(AckResults.label(result));
    origin.ack(
        StatusAck.newBuilder()
            .setUid(report.getRef().getUid())
            .setSeq(report.getSeq())
            .setResult(result)
            .setMessage(message)
            .build());
  }
}
