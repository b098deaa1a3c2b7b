package io.gastown.relay.automaton;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.ClaimOffer;
import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.Condition;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.route.RoutingTable;
import io.gastown.relay.session.DesiredSink;
import io.gastown.relay.session.HostChannel;
import io.gastown.relay.status.KubeWriter;
import io.gastown.relay.status.ReportStore;
import io.gastown.relay.watch.KeyProcessor;
import io.gastown.relay.watch.Requeue;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work for one Automaton, level-triggered from the current object: an unclaimed local one is
 * offered to the hosts and claimed for the first that accepts; a claimed one is routed to its host
 * like any resource, its host's reports become our one condition in its status, and its claim is
 * released when the host stays away too long.
 */
final class AutomatonReconciler implements KeyProcessor<ResourceKey> {
  private static final Logger LOG = LoggerFactory.getLogger(AutomatonReconciler.class);

  private final AutomatonWatch cache;
  private final RoutingTable routing;
  private final DesiredSink sink;
  private final Supplier<List<HostChannel>> hosts;
  private final ClaimBroker broker;
  private final ReportStore reports;
  private final AutomatonWriter writer;
  private final AwayTracker away;
  private final Clock clock;

  AutomatonReconciler(
      AutomatonWatch cache,
      RoutingTable routing,
      DesiredSink sink,
      Supplier<List<HostChannel>> hosts,
      ClaimBroker broker,
      ReportStore reports,
      AutomatonWriter writer,
      AwayTracker away,
      Clock clock) {
    this.cache = cache;
    this.routing = routing;
    this.sink = sink;
    this.hosts = hosts;
    this.broker = broker;
    this.reports = reports;
    this.writer = writer;
    this.away = away;
    this.clock = clock;
  }

  @Override
  public void process(ResourceKey key) {
    Optional<GenericKubernetesResource> found = cache.get(key);
    if (found.isEmpty()) {
      routing.byKey(key).ifPresent(e -> unroute(e, DeleteReason.DELETE_REASON_DELETED));
      return;
    }
    GenericKubernetesResource obj = found.get();
    AutomatonView a = AutomatonView.of(obj);
    routing
        .byKey(key)
        .filter(e -> !e.uid().equals(a.uid())) // deleted and re-created under the same name
        .ifPresent(e -> unroute(e, DeleteReason.DELETE_REASON_DELETED));
    if (a.deleting() || !a.local()) {
      broker.settled(a.uid());
      routing.byUid(a.uid()).ifPresent(e -> unroute(e, DeleteReason.DELETE_REASON_DELETED));
      return;
    }
    if (!a.claimed()) {
      routing.byUid(a.uid()).ifPresent(e -> unroute(e, DeleteReason.DELETE_REASON_REROUTED));
      claimOrOffer(obj, a);
      return;
    }
    broker.settled(a.uid());
    String host = a.claimedBy();
    if (away.releaseDue(host)) {
      release(obj, a, host);
      return;
    }
    publish(a, host);
    writeStatus(obj, a, host);
  }

  private void claimOrOffer(GenericKubernetesResource obj, AutomatonView a) {
    List<HostChannel> eligible =
        hosts.get().stream()
            .filter(h -> h.current() && h.resynced())
            .filter(h -> h.capabilities().contains(AutomatonNames.CAPABILITY))
            .filter(h -> h.capacity().getMaxAutomatons() > 0)
            .toList();
    Set<String> names = eligible.stream().map(HostChannel::host).collect(Collectors.toSet());
    Optional<String> winner = broker.winner(a.uid(), names);
    if (winner.isPresent()) {
      KubeWriter.Outcome o = writer.setClaim(obj, winner.get());
      switch (o) {
        case DONE -> {
          LOG.info("{} claimed for host {}", a.key(), winner.get());
          broker.settled(a.uid());
        }
        case CONFLICT ->
            throw new Requeue(a.key() + " changed while claiming it (another relay's claim?)");
        default -> LOG.warn("could not claim {} for {}: {}", a.key(), winner.get(), o);
      }
      return;
    }
    Resource offered = a.toProto();
    List<String> now = broker.toOffer(a.uid(), a.key(), List.copyOf(names));
    for (HostChannel h : eligible) {
      if (now.contains(h.host())) {
        h.offerClaim(ClaimOffer.newBuilder().setResource(offered).build());
      }
    }
    if (!now.isEmpty()) {
      LOG.debug("{} offered to {}", a.key(), now);
    }
  }

  private void publish(AutomatonView a, String host) {
    Resource desired = a.toProto();
    Optional<RoutingTable.Entry> previous =
        routing.put(new RoutingTable.Entry(a.key(), a.uid(), host, desired));
    boolean moved = previous.isPresent() && !previous.get().host().equals(host);
    if (moved) {
      sink.delete(
          previous.get().host(),
          previous.get().desired().getRef(),
          DeleteReason.DELETE_REASON_REROUTED);
      reports.forget(a.uid()).ifPresent(p -> ack(p, AckResult.ACK_RESULT_REFUSED, "re-routed"));
    }
    if (previous.isEmpty()
        || moved
        || !comparable(previous.get().desired()).equals(comparable(desired))) {
      sink.upsert(host, desired);
    }
  }

  private static Resource comparable(Resource r) {
    return r.toBuilder().clearResourceVersion().build();
  }

  private void unroute(RoutingTable.Entry e, DeleteReason reason) {
    routing.remove(e.uid());
    sink.delete(e.host(), e.desired().getRef(), reason);
    reports
        .forget(e.uid())
        .ifPresent(p -> ack(p, AckResult.ACK_RESULT_GONE, "the Automaton left this host"));
  }

  /** Our condition from the host's newest report (waiting, or the last accepted one). */
  private void writeStatus(GenericKubernetesResource obj, AutomatonView a, String host) {
    Optional<ReportStore.Pending> pending = reports.takePending(a.uid());
    if (pending.isPresent() && !pending.get().origin().current()) {
      pending = Optional.empty(); // its session is gone; the agent reports again
    } else if (pending.isPresent() && !pending.get().origin().host().equals(host)) {
      ack(pending.get(), AckResult.ACK_RESULT_REFUSED, "claimed by host " + host);
      pending = Optional.empty();
    }
    Optional<StatusReport> report =
        pending.map(ReportStore.Pending::report).or(() -> reports.accepted(a.uid()));
    if (report.isEmpty()) {
      return;
    }
    AckResult result = write(obj, AutomatonCondition.fromReport(report.get(), host));
    if (result == AckResult.ACK_RESULT_WRITTEN || result == AckResult.ACK_RESULT_UNCHANGED) {
      pending.ifPresent(p -> reports.accept(a.uid(), p.report()));
    }
    pending.ifPresent(p -> ack(p, result, ""));
    if (result == AckResult.ACK_RESULT_RETRY) {
      throw new Requeue("the status of " + a.key() + " kept conflicting");
    }
  }

  /**
   * Merges {@code want} into the status as the API server has it now (the owner writes it too, and
   * the informer may lag), with its resourceVersion as precondition; on a conflict reads once more.
   */
  private AckResult write(GenericKubernetesResource obj, Condition want) {
    if (AutomatonCondition.merge(obj.getAdditionalProperties().get("status"), want, clock.instant())
        .isEmpty()) {
      return AckResult.ACK_RESULT_UNCHANGED; // the cache already shows it: no read, no write
    }
    GenericKubernetesResource live = obj;
    for (int attempt = 0; attempt < 2; attempt++) {
      Optional<GenericKubernetesResource> fresh =
          writer.fetch(live.getMetadata().getNamespace(), live.getMetadata().getName());
      if (fresh.isEmpty()) {
        return AckResult.ACK_RESULT_GONE;
      }
      live = fresh.get();
      Optional<Map<String, Object>> merged =
          AutomatonCondition.merge(
              live.getAdditionalProperties().get("status"), want, clock.instant());
      if (merged.isEmpty()) {
        return AckResult.ACK_RESULT_UNCHANGED;
      }
      KubeWriter.Outcome o = writer.writeStatus(live, merged.get());
      switch (o) {
        case DONE -> {
          return AckResult.ACK_RESULT_WRITTEN;
        }
        case GONE -> {
          return AckResult.ACK_RESULT_GONE;
        }
        case INVALID -> {
          return AckResult.ACK_RESULT_REFUSED;
        }
        default -> {
          // a conflict: read again at the top of the loop
        }
      }
    }
    return AckResult.ACK_RESULT_RETRY;
  }

  /** The host stayed away: say why in our condition, then remove the claim. */
  private void release(GenericKubernetesResource obj, AutomatonView a, String host) {
    Condition why =
        AutomatonCondition.released(host, a.generation(), away.releaseAfter().toSeconds());
    AckResult written = write(obj, why);
    if (written == AckResult.ACK_RESULT_RETRY) {
      throw new Requeue("the status of " + a.key() + " kept conflicting");
    }
    GenericKubernetesResource live = writer.fetch(a.key().namespace(), a.key().name()).orElse(null);
    if (live == null) {
      return;
    }
    KubeWriter.Outcome o = writer.setClaim(live, "");
    if (o == KubeWriter.Outcome.CONFLICT) {
      throw new Requeue(a.key() + " changed while releasing its claim");
    }
    LOG.warn("{}: released the claim of host {}, away too long ({})", a.key(), host, o);
    routing.byUid(a.uid()).ifPresent(e -> unroute(e, DeleteReason.DELETE_REASON_REROUTED));
  }

  private static void ack(ReportStore.Pending p, AckResult result, String message) {
    p.origin()
        .ack(
            StatusAck.newBuilder()
                .setUid(p.report().getRef().getUid())
                .setSeq(p.report().getSeq())
                .setResult(result)
                .setMessage(message)
                .build());
  }
}
