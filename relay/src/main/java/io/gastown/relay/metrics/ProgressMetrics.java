package io.gastown.relay.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What shows the relay making progress: sessions (how old, when last heard, how much waits to be
 * sent), sessions started per host (reconnects), resync and status-lag durations, and the depth of
 * the work queue. Live figures are read at scrape time.
 */
public final class ProgressMetrics {
  private final PrometheusRegistry registry;
  private final Counter sessionsStarted;
  private final Histogram resync;
  private final Histogram statusLag;

  /** One live session as the gauges show it. */
  public record SessionFigures(
      String host, double ageSeconds, double heartbeatAgeSeconds, int outboundDepth) {}

  ProgressMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    sessionsStarted =
        Counter.builder()
            .name("gastown_relay_sessions_started_total")
            .help("Sessions opened (Hello accepted), by host: a host's reconnects")
            .labelNames("host")
            .register(registry);
    resync =
        Histogram.builder()
            .name("gastown_relay_resync_duration_seconds")
            .help("Planning and queueing one host's resync, from its inventory to ResyncEnd")
            .classicOnly()
            .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .register(registry);
    statusLag =
        Histogram.builder()
            .name("gastown_relay_status_lag_seconds")
            .help(
                "From the receipt of a status report to its acknowledgement after the CR was"
                    + " written (or found unchanged)")
            .classicOnly()
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
  }

  public void sessionStarted(String host) {
    sessionsStarted.labelValues(host).inc();
  }

  public void resync(long nanos) {
    resync.observe(nanos / 1e9);
  }

  public void statusLag(long nanos) {
    statusLag.observe(nanos / 1e9);
  }

  /** The sessions' gauges, read from {@code sessions} at every scrape. */
  public void registerSessions(Supplier<List<SessionFigures>> sessions) {
    GaugeWithCallback.builder()
        .name("gastown_relay_session_age_seconds")
        .help("Seconds since the host's current session was opened")
        .labelNames("host")
        .callback(cb -> sessions.get().forEach(s -> cb.call(s.ageSeconds(), s.host())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("gastown_relay_heartbeat_age_seconds")
        .help("Seconds since anything was heard from the host on its current session")
        .labelNames("host")
        .callback(cb -> sessions.get().forEach(s -> cb.call(s.heartbeatAgeSeconds(), s.host())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("gastown_relay_outbound_queue_depth")
        .help("Messages waiting to be sent to the host (coalesced per resource)")
        .labelNames("host")
        .callback(cb -> sessions.get().forEach(s -> cb.call(s.outboundDepth(), s.host())))
        .register(registry);
  }

  /** The depth of the keyed work queue (resources waiting for a worker). */
  public void registerQueue(IntSupplier depth) {
    GaugeWithCallback.builder()
        .name("gastown_relay_queue_depth")
        .help("Resources waiting for a worker (informer events and status reports, de-duplicated)")
        .callback(cb -> cb.call(depth.getAsInt()))
        .register(registry);
  }
}
