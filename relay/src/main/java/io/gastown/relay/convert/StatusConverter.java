package io.gastown.relay.convert;

import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.Condition;
import io.gastown.relay.api.ConvoyStatus;
import io.gastown.relay.api.GastownStatus;
import io.gastown.relay.api.PolecatStatus;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.api.RigStatus;
import io.gastown.relay.api.TrackedBead;
import java.util.List;
import java.util.Optional;

/**
 * The kind-specific part of a CR status, read from a host agent's report. Pure. Empty strings and
 * lists become absent fields, so what is written reads back equal and never causes a second write.
 */
public final class StatusConverter {
  private StatusConverter() {}

  /** The status for a report of the given kind; empty when the report carries another kind. */
  public static Optional<GastownStatus<?>> fromReport(ResourceKind kind, StatusReport r) {
    return switch (kind) {
      case RIG -> r.hasRig() ? Optional.of(rig(r.getRig())) : Optional.empty();
      case POLECAT -> r.hasPolecat() ? Optional.of(polecat(r.getPolecat())) : Optional.empty();
      case CONVOY -> r.hasConvoy() ? Optional.of(convoy(r.getConvoy())) : Optional.empty();
      case AUTOMATON -> Optional.empty(); // written as one condition by the automaton package
    };
  }

  static RigStatus rig(io.gastown.proto.v1.RigStatus s) {
    return new RigStatus(
        null,
        null,
        str(s.getPhase()),
        str(s.getPath()),
        str(s.getRigName()),
        str(s.getBeadsPrefix()),
        str(s.getTownStatus()),
        str(s.getWitness()),
        str(s.getRefinery()),
        s.getPolecats(),
        s.getCrew(),
        s.getActiveConvoys(),
        null);
  }

  static PolecatStatus polecat(io.gastown.proto.v1.PolecatStatus s) {
    return new PolecatStatus(
        null,
        null,
        str(s.getPhase()),
        str(s.getPolecatName()),
        str(s.getSession()),
        s.getSessionRunning(),
        str(s.getBranch()),
        str(s.getClonePath()),
        str(s.getLastActivity()),
        str(s.getBeadId()),
        str(s.getRigName()),
        null);
  }

  static ConvoyStatus convoy(io.gastown.proto.v1.ConvoyStatus s) {
    List<TrackedBead> tracked =
        s.getTrackedList().stream()
            .map(
                t ->
                    new TrackedBead(
                        str(t.getId()),
                        str(t.getTitle()),
                        str(t.getStatus()),
                        str(t.getAssignee())))
            .toList();
    return new ConvoyStatus(
        null,
        null,
        str(s.getConvoyId()),
        str(s.getPhase()),
        str(s.getProgress()),
        s.getCompleted(),
        s.getTotal(),
        tracked.isEmpty() ? null : tracked,
        str(s.getStartedAt()),
        str(s.getCompletedAt()),
        null);
  }

  /** An agent condition, without lastTransitionTime (the relay computes it). */
  public static Condition condition(io.gastown.proto.v1.Condition c, long observedGeneration) {
    return new Condition(
        c.getType(),
        conditionStatus(c.getStatus()),
        str(c.getReason()),
        str(c.getMessage()),
        null,
        observedGeneration);
  }

  static String conditionStatus(ConditionStatus s) {
    return switch (s) {
      case CONDITION_STATUS_TRUE -> Condition.TRUE;
      case CONDITION_STATUS_FALSE -> Condition.FALSE;
      default -> Condition.UNKNOWN;
    };
  }

  private static String str(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
