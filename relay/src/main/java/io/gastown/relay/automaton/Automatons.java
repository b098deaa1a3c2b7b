package io.gastown.relay.automaton;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.ClaimDecision;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.route.RoutingTable;
import io.gastown.relay.session.DesiredSink;
import io.gastown.relay.session.HostChannel;
import io.gastown.relay.status.HostLink;
import io.gastown.relay.status.ReportOrigin;
import io.gastown.relay.status.ReportStore;
import io.gastown.relay.watch.KeyedQueue;
import io.gastown.relay.watch.WorkerPool;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local claims of olympus.io Automatons, wired: the CRD-gated watch, a queue and workers of their
 * own, the claim broker, and a one-second tick that brings back what time alone changes (offers to
 * retry, hosts that may have stayed away too long).
 */
public final class Automatons implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Automatons.class);

  private final KeyedQueue<ResourceKey> queue = new KeyedQueue<>();
  private final AutomatonWatch watch;
  private final ClaimBroker broker;
  private final RoutingTable routing;
  private final ReportStore reports;
  private final AwayTracker away;
  private final WorkerPool<ResourceKey> workers;
  private final ScheduledExecutorService scheduler;
  private ScheduledFuture<?> tick;

  public Automatons(
      KubernetesClient client,
      String namespace,
      RoutingTable routing,
      DesiredSink sink,
      Supplier<List<HostChannel>> hosts,
      ReportStore reports,
      Function<String, HostLink> links,
      ScheduledExecutorService scheduler,
      Clock clock,
      AutomatonSettings settings) {
    this.routing = routing;
    this.reports = reports;
    this.scheduler = scheduler;
    this.watch = new AutomatonWatch(client, namespace, queue::add);
    this.broker = new ClaimBroker(clock, settings.offerRetry());
    this.away = new AwayTracker(links, clock, settings.releaseAfter());
    this.workers =
        new WorkerPool<>(
            queue,
            new AutomatonReconciler(
                watch,
                routing,
                sink,
                hosts,
                broker,
                reports,
                new Fabric8AutomatonWriter(client),
                away,
                clock),
            scheduler);
  }

  public void start() {
    watch.start();
    workers.start(2);
    tick = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /** Whether the Automaton CRD exists and is watched. */
  public boolean watching() {
    return watch.watching();
  }

  private void tick() {
    try {
      // unclaimed ones: offers to retry, and hosts that connected since
      broker.waitingKeys().forEach(queue::add);
      for (String host : routing.hosts()) {
        if (away.away(host)) {
          routing.keysForHost(host).stream()
              .filter(k -> k.kind() == ResourceKind.AUTOMATON)
              .forEach(queue::add);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("automaton tick failed: {}", e.toString());
    }
  }

  /** A host's answer to an offer. */
  public void claimDecision(HostChannel from, ClaimDecision d) {
    LOG.debug(
        "host {} {} {}{}",
        from.host(),
        d.getAccept() ? "accepts" : "declines",
        d.getUid(),
        d.getReason().isEmpty() ? "" : ": " + d.getReason());
    broker.answered(d.getUid(), from.host(), d.getAccept()).ifPresent(queue::add);
  }

  /** A status report about an Automaton: kept for its worker if it routes to the reporter. */
  public void report(ReportOrigin origin, StatusReport report) {
    String uid = report.getRef().getUid();
    var entry = routing.byUid(uid);
    if (entry.isEmpty() || entry.get().key().kind() != ResourceKind.AUTOMATON) {
      ack(origin, report, AckResult.ACK_RESULT_GONE, "no claimed Automaton has uid " + uid);
      return;
    }
    if (!entry.get().host().equals(origin.host())) {
      ack(origin, report, AckResult.ACK_RESULT_REFUSED, "claimed by another host");
      return;
    }
    reports.offer(uid, report, origin);
    queue.add(entry.get().key());
  }

  private static void ack(ReportOrigin origin, StatusReport r, AckResult result, String why) {
    origin.ack(
        StatusAck.newBuilder()
            .setUid(r.getRef().getUid())
            .setSeq(r.getSeq())
            .setResult(result)
            .setMessage(why)
            .build());
  }

  @Override
  public void close() {
    if (tick != null) {
      tick.cancel(false);
    }
    workers.close();
    watch.close();
  }
}
