package io.gastown.relay.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * The relay's Prometheus metrics, in a registry of its own (several relays may run in one test
 * JVM).
 */
public final class RelayMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ProgressMetrics progress = new ProgressMetrics(registry);
  private final Gauge connectedHosts =
      Gauge.builder()
          .name("gastown_relay_connected_hosts")
          .help("Hosts holding a live session with this relay")
          .register(registry);
  private final Counter authFailures =
      Counter.builder()
          .name("gastown_relay_auth_failures_total")
          .help(
              "Hosts refused or disconnected, by reason: missing_credentials, unknown_token,"
                  + " certificate_required, untrusted_certificate, expired_certificate,"
                  + " revoked_certificate, revoked_token, invalid_certificate_identity,"
                  + " credentials_disagree, host_mismatch")
          .labelNames("reason")
          .register(registry);
  private final Counter statusWrites =
      Counter.builder()
          .name("gastown_relay_status_writes_total")
          .help("Status reports by outcome: written, unchanged, gone, refused, retry")
          .labelNames("result")
          .register(registry);
  private final Counter superseded =
      Counter.builder()
          .name("gastown_relay_sessions_superseded_total")
          .help("Sessions closed because a newer session of the same host took over")
          .register(registry);

  private final Counter coalesced =
      Counter.builder()
          .name("gastown_relay_outbound_coalesced_total")
          .help(
              "Messages to hosts discarded unsent because a newer one for the same resource replaced"
                  + " them while the agent was not reading")
          .register(registry);
  private final Counter leaseWrites =
      Counter.builder()
          .name("gastown_relay_lease_writes_total")
          .help(
              "Writes of per-host Leases by outcome: ok, conflict (another replica wrote first), error")
          .labelNames("result")
          .register(registry);

  /** Every reason label of gastown_relay_auth_failures_total (session.AuthFailure labels). */
  public static final List<String> AUTH_FAILURE_REASONS =
      List.of(
          "missing_credentials",
          "unknown_token",
          "certificate_required",
          "untrusted_certificate",
          "expired_certificate",
          "revoked_certificate",
          "revoked_token",
          "invalid_certificate_identity",
          "credentials_disagree",
          "host_mismatch");

  public RelayMetrics() {
    AUTH_FAILURE_REASONS.forEach(authFailures::initLabelValues);
    for (String result : new String[] {"ok", "conflict", "error"}) {
      leaseWrites.initLabelValues(result); // 0 until the first write, and without Leases
    }
    for (String result : new String[] {"written", "unchanged", "gone", "refused", "retry"}) {
      statusWrites.initLabelValues(result); // shown as 0 before the first report
    }
  }

  /** Sessions, resyncs, status lag and queue depth. */
  public ProgressMetrics progress() {
    return progress;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void connectedHosts(int n) {
    connectedHosts.set(n);
  }

  public double connectedHosts() {
    return connectedHosts.get();
  }

  public void authFailure(String reason) {
    authFailures.labelValues(reason).inc();
  }

  /** All refusals, whatever the reason. */
  public double authFailures() {
    return AUTH_FAILURE_REASONS.stream().mapToDouble(this::authFailures).sum();
  }

  public double authFailures(String reason) {
    return authFailures.labelValues(reason).get();
  }

  /** Counts one status report outcome; {@code result} is the lower-case AckResult name. */
  public void statusResult(String result) {
    statusWrites.labelValues(result).inc();
  }

  public double statusResults(String result) {
    return statusWrites.labelValues(result).get();
  }

  /** Counts one write of a host Lease by outcome: ok, conflict, error. */
  public void leaseWrite(String result) {
    leaseWrites.labelValues(result).inc();
  }

  public double leaseWrites(String result) {
    return leaseWrites.labelValues(result).get();
  }

  /** A waiting outbound message was replaced by a newer one for the same resource. */
  public void countOutboundCoalesced() {
    coalesced.inc();
  }

  public double outboundCoalesced() {
    return coalesced.get();
  }

  public void sessionSuperseded() {
    superseded.inc();
  }

  public double sessionsSuperseded() {
    return superseded.get();
  }
}
