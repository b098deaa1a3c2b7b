package io.gastown.agent.health;

import io.gastown.agent.link.RelayLink;
import io.gastown.agent.town.CommandListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The agent's Prometheus metrics, in a registry of its own (several agents may share a JVM in
 * tests). Relay figures are read from the links when scraped, so nothing has to push them.
 */
public final class AgentMetrics implements CommandListener {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter commands =
      Counter.builder()
          .name("gastown_agent_gt_commands_total")
          .help("gt commands run, by subcommand and result (ok, error, timeout, unreadable)")
          .labelNames("subcommand", "result")
          .register(registry);
  private final Histogram commandSeconds =
      Histogram.builder()
          .name("gastown_agent_gt_command_seconds")
          .help("how long gt commands ran, by subcommand and result")
          .labelNames("subcommand", "result")
          .classicOnly()
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
          .register(registry);

  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void completed(String subcommand, String result, Duration duration) {
    commands.labelValues(subcommand, result).inc();
    commandSeconds.labelValues(subcommand, result).observe(duration.toNanos() / 1e9);
  }

  /**
   * Registers what shows the agent making progress: the age of each relay session, the status lag
   * per relay (a town change to the relay's acknowledgement), and the age of the last successful
   * observation of the town.
   *
   * @param links the relay links, all created already (their reporters get a lag listener)
   * @param lastObservation when the town was last observed successfully (EPOCH: never)
   * @param clock the wall clock that {@code lastObservation} is read with
   */
  public void registerProgress(
      List<RelayLink> links, Supplier<Instant> lastObservation, Clock clock) {
    GaugeWithCallback.builder()
        .name("gastown_agent_session_age_seconds")
        .help("seconds since the current session with the relay was opened (absent while none)")
        .labelNames("relay")
        .callback(
            cb ->
                links.stream()
                    .filter(l -> l.sessionAgeMillis() >= 0)
                    .forEach(l -> cb.call(l.sessionAgeMillis() / 1000.0, l.name())))
        .register(registry);
    Histogram lag =
        Histogram.builder()
            .name("gastown_agent_status_lag_seconds")
            .help(
                "from a status change in the town to the relay's acknowledgement that the CR shows"
                    + " it (or a newer one)")
            .labelNames("relay")
            .classicOnly()
            .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
            .register(registry);
    for (RelayLink link : links) {
      lag.labelValues(link.name()); // shown as 0 before the first acknowledgement
      link.reporter().onStatusLag(nanos -> lag.labelValues(link.name()).observe(nanos / 1e9));
    }
    GaugeWithCallback.builder()
        .name("gastown_agent_observation_age_seconds")
        .help("seconds since the town was last observed successfully (absent before the first)")
        .callback(
            cb -> {
              Instant last = lastObservation.get();
              if (!last.equals(Instant.EPOCH)) {
                cb.call(Duration.between(last, clock.instant()).toMillis() / 1000.0);
              }
            })
        .register(registry);
  }

  /**
   * Registers what planning costs: resources planned, and observations that planned every desired
   * resource (an idle cycle plans only those whose plan depends on the time).
   */
  public void registerPlanning(LongSupplier plans, LongSupplier fullPasses) {
    CounterWithCallback.builder()
        .name("gastown_agent_plans_total")
        .help("desired resources planned against the town (a plan is a pure, in-memory decision)")
        .callback(cb -> cb.call(plans.getAsLong()))
        .register(registry);
    CounterWithCallback.builder()
        .name("gastown_agent_full_passes_total")
        .help(
            "observations that re-planned every desired resource because something had changed;"
                + " the others re-planned only resources whose plan depends on the time")
        .callback(cb -> cb.call(fullPasses.getAsLong()))
        .register(registry);
  }

  /** Registers the per-relay gauges and counters, read from the links at scrape time. */
  public void registerLinks(Supplier<List<RelayLink>> links) {
    GaugeWithCallback.builder()
        .name("gastown_agent_relay_connected")
        .help("1 while a session with the relay is established")
        .labelNames("relay")
        .callback(cb -> links.get().forEach(l -> cb.call(l.isConnected() ? 1 : 0, l.name())))
        .register(registry);
    CounterWithCallback.builder()
        .name("gastown_agent_reconnects_total")
        .help("sessions with the relay that ended and were dialled again")
        .labelNames("relay")
        .callback(cb -> links.get().forEach(l -> cb.call(l.reconnects(), l.name())))
        .register(registry);
    CounterWithCallback.builder()
        .name("gastown_agent_relay_auth_failures_total")
        .help(
            "sessions with the relay that ended for a security reason: untrusted_relay (its"
                + " certificate failed our CA), refused_by_relay_tls, unauthenticated,"
                + " permission_denied")
        .labelNames("relay", "reason")
        .callback(
            cb ->
                links
                    .get()
                    .forEach(l -> l.authFailures().forEach((r, n) -> cb.call(n, l.name(), r))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("gastown_agent_status_queue_depth")
        .help("status reports waiting to be sent or acknowledged")
        .labelNames("relay")
        .callback(cb -> links.get().forEach(l -> cb.call(l.reporter().pending(), l.name())))
        .register(registry);
    CounterWithCallback.builder()
        .name("gastown_agent_status_discarded_total")
        .help(
            "status updates never sent: coalesced (a newer status of the resource replaced one not"
                + " yet acknowledged) or events_dropped (over the per-resource cap)")
        .labelNames("relay", "reason")
        .callback(
            cb ->
                links
                    .get()
                    .forEach(
                        l -> {
                          cb.call(l.reporter().coalesced(), l.name(), "coalesced");
                          cb.call(l.reporter().eventsDropped(), l.name(), "events_dropped");
                        }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("gastown_agent_relay_heartbeat_age_seconds")
        .help("seconds since anything was heard from the relay on the current session")
        .labelNames("relay")
        .callback(
            cb ->
                links.get().stream()
                    .filter(l -> l.heartbeatAgeMillis() >= 0)
                    .forEach(l -> cb.call(l.heartbeatAgeMillis() / 1000.0, l.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("gastown_agent_resync_duration_seconds")
        .help("how long the last resync with the relay took, from dialling to ResyncEnd")
        .labelNames("relay")
        .callback(
            cb ->
                links.get().stream()
                    .filter(l -> l.lastResyncMillis() >= 0)
                    .forEach(l -> cb.call(l.lastResyncMillis() / 1000.0, l.name())))
        .register(registry);
    CounterWithCallback.builder()
        .name("gastown_agent_relay_refusals_total")
        .help(
            "streams the relay refused or ended on purpose, by reason: unauthenticated,"
                + " permission_denied, incompatible_version, superseded")
        .labelNames("relay", "reason")
        .callback(
            cb ->
                links
                    .get()
                    .forEach(
                        l -> l.refusals().forEach((reason, n) -> cb.call(n, l.name(), reason))))
        .register(registry);
  }
}
