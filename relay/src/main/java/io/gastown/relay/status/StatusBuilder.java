package io.gastown.relay.status;

import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.Condition;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.GastownStatus;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.convert.StatusConverter;
import io.gastown.relay.route.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The status a CR should show, from its live status, the last report the relay accepted for it, its
 * route and its host's connection. Pure and deterministic, so a status the relay wrote reads back
 * equal and the relay's own write never causes another.
 *
 * <p>The agent owns every condition but HostConnected; the relay owns HostConnected, and overrides
 * Ready with Unknown while the host is known to be away.
 */
public final class StatusBuilder {
  // Ready reasons the relay writes while a host is away; the agent's next report replaces them
  private static final Set<String> RELAY_READY_REASONS =
      Set.of("HostDisconnected", "HostNotConnected");

  private StatusBuilder() {}

  /** Everything the desired status depends on. */
  public record Inputs<S extends GastownStatus<S>>(
      ResourceKind kind,
      S live,
      Optional<StatusReport> report,
      Route route,
      HostLink link,
      Instant now) {}

  public static <S extends GastownStatus<S>> S desired(Inputs<S> in) {
    String host = in.route().host().orElse(null);
    S base = in.live();
    Long observedGeneration = base.observedGeneration();
    List<Condition> conditions = withoutRelayOwned(base.conditions());
    Optional<S> fromReport = in.report().flatMap(r -> reportStatus(in.kind(), r));
    if (fromReport.isPresent()) {
      StatusReport report = in.report().get();
      base = fromReport.get();
      observedGeneration = report.getObservedGeneration();
      conditions = agentConditions(report);
    }
    conditions = overlayRelayConditions(conditions, in);
    conditions.sort(Comparator.comparing(Condition::type)); // one order, whatever built it
    List<Condition> merged = ConditionMerge.merge(conditions, in.live().conditions(), in.now());
    return base.withCommon(observedGeneration, host, merged.isEmpty() ? null : merged);
  }

  @SuppressWarnings("unchecked")
  private static <S extends GastownStatus<S>> Optional<S> reportStatus(
      ResourceKind kind, StatusReport report) {
    return StatusConverter.fromReport(kind, report).map(s -> (S) s);
  }

  private static List<Condition> agentConditions(StatusReport report) {
    List<Condition> out = new ArrayList<>();
    for (io.gastown.proto.v1.Condition c : report.getConditionsList()) {
      if (!c.getType().isEmpty()
          && !GastownNames.HOST_CONNECTED.equals(c.getType())
          && ConditionMerge.find(out, c.getType()) == null) {
        out.add(StatusConverter.condition(c, report.getObservedGeneration()));
      }
    }
    return out;
  }

  private static List<Condition> withoutRelayOwned(List<Condition> conditions) {
    if (conditions == null) {
      return new ArrayList<>();
    }
    return new ArrayList<>(
        conditions.stream().filter(c -> !GastownNames.HOST_CONNECTED.equals(c.type())).toList());
  }

  private static <S extends GastownStatus<S>> List<Condition> overlayRelayConditions(
      List<Condition> conditions, Inputs<S> in) {
    List<Condition> out = new ArrayList<>(conditions);
    if (in.route() instanceof Route.Nowhere nowhere) {
      out.add(hostConnected(Condition.UNKNOWN, "NoHostRouted", nowhere.why()));
      return out;
    }
    String host = in.route().host().orElseThrow();
    switch (in.link()) {
      case CONNECTED -> {
        out.add(hostConnected(Condition.TRUE, "Connected", "host agent " + host + " is connected"));
        Condition ready = ConditionMerge.find(out, GastownNames.READY);
        if (ready != null && RELAY_READY_REASONS.contains(ready.reason())) {
          replaceReady(out, "AwaitingReport", "host agent " + host + " has not reported yet");
        }
      }
      case GRACE -> {
        Condition current =
            ConditionMerge.find(in.live().conditions(), GastownNames.HOST_CONNECTED);
        if (current != null) {
          out.add(current);
        }
      }
      case DISCONNECTED -> {
        String why = "host agent " + host + " lost its session with the relay";
        out.add(hostConnected(Condition.UNKNOWN, "HostDisconnected", why));
        replaceReady(out, "HostDisconnected", why + "; the state shown may be stale");
      }
      case NEVER_CONNECTED -> {
        String why = "host agent " + host + " has not connected to the relay";
        out.add(hostConnected(Condition.UNKNOWN, "HostNotConnected", why));
        replaceReady(out, "HostNotConnected", why);
      }
    }
    return out;
  }

  private static Condition hostConnected(String status, String reason, String message) {
    return new Condition(GastownNames.HOST_CONNECTED, status, reason, message, null, null);
  }

  private static void replaceReady(List<Condition> conditions, String reason, String message) {
    Condition ready =
        new Condition(GastownNames.READY, Condition.UNKNOWN, reason, message, null, null);
    for (int i = 0; i < conditions.size(); i++) {
      if (GastownNames.READY.equals(conditions.get(i).type())) {
        conditions.set(i, ready);
        return;
      }
    }
    conditions.add(ready);
  }
}
