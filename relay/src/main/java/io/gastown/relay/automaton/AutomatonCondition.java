package io.gastown.relay.automaton;

import io.gastown.proto.v1.AutomatonStatus;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.Condition;
import io.gastown.relay.convert.StatusConverter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * gastown's one condition in an Automaton's status, and how it is merged into the owner's status:
 * only the entry of type {@link AutomatonNames#CONDITION} is added or replaced; every other
 * condition and every other field stays exactly as the owner wrote it. Pure.
 */
final class AutomatonCondition {
  private AutomatonCondition() {}

  /** The condition a host's report asks for (its own condition of our type, else its phase). */
  static Condition fromReport(StatusReport r, String host) {
    Optional<io.gastown.proto.v1.Condition> own =
        r.getConditionsList().stream()
            .filter(c -> c.getType().equals(AutomatonNames.CONDITION))
            .findFirst();
    if (own.isPresent()) {
      return StatusConverter.condition(own.get(), r.getObservedGeneration());
    }
    AutomatonStatus s = r.getAutomaton();
    String phase = s.getPhase().isEmpty() ? "Pending" : s.getPhase();
    String status =
        switch (phase) {
          case "Working", "Done" -> Condition.TRUE;
          case "Error" -> Condition.FALSE;
          default -> Condition.UNKNOWN;
        };
    String message =
        "host "
            + host
            + ": "
            + phase.toLowerCase()
            + (s.getBeadId().isEmpty() ? "" : ", bead " + s.getBeadId())
            + (s.getPolecat().isEmpty() ? "" : ", polecat " + s.getPolecat());
    return new Condition(
        AutomatonNames.CONDITION, status, phase, message, null, r.getObservedGeneration());
  }

  static Condition released(String host, long generation, long awaySeconds) {
    return new Condition(
        AutomatonNames.CONDITION,
        Condition.FALSE,
        "Released",
        "the claim of host "
            + host
            + " was released: it was away for more than "
            + awaySeconds
            + " s; the Automaton is offered to the hosts again",
        null,
        generation);
  }

  /**
   * The owner's status with {@code want} merged in, or empty when the live status already shows it.
   * lastTransitionTime stays while the condition's status is unchanged.
   */
  static Optional<Map<String, Object>> merge(Object liveStatus, Condition want, Instant now) {
    Map<String, Object> status = new LinkedHashMap<>(AutomatonView.map(liveStatus));
    List<Object> conditions = new ArrayList<>();
    if (status.get("conditions") instanceof List<?> l) {
      conditions.addAll(l);
    }
    int at = -1;
    for (int i = 0; i < conditions.size(); i++) {
      if (AutomatonNames.CONDITION.equals(AutomatonView.map(conditions.get(i)).get("type"))) {
        at = i;
      }
    }
    Map<String, Object> existing = at < 0 ? Map.of() : AutomatonView.map(conditions.get(at));
    Object since = existing.get("lastTransitionTime");
    String transition =
        at >= 0 && want.status().equals(existing.get("status")) && since instanceof String t
            ? t
            : now.truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, Object> wanted = toMap(want.withLastTransitionTime(transition));
    if (at >= 0 && same(existing, wanted)) {
      return Optional.empty();
    }
    if (at >= 0) {
      conditions.set(at, wanted);
    } else {
      conditions.add(wanted);
    }
    status.put("conditions", conditions);
    return Optional.of(status);
  }

  private static Map<String, Object> toMap(Condition c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", c.type());
    m.put("status", c.status());
    if (c.reason() != null && !c.reason().isEmpty()) {
      m.put("reason", c.reason());
    }
    if (c.message() != null && !c.message().isEmpty()) {
      m.put("message", c.message());
    }
    m.put("lastTransitionTime", c.lastTransitionTime());
    if (c.observedGeneration() != null) {
      m.put("observedGeneration", c.observedGeneration());
    }
    return m;
  }

  /** Equal field by field, numbers compared by value (JSON reads them back as Integer or Long). */
  private static boolean same(Map<String, Object> live, Map<String, Object> wanted) {
    if (!live.keySet().equals(wanted.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> e : wanted.entrySet()) {
      Object l = live.get(e.getKey());
      Object w = e.getValue();
      boolean equal =
          l instanceof Number ln && w instanceof Number wn
              ? ln.longValue() == wn.longValue()
              : Objects.equals(l, w);
      if (!equal) {
        return false;
      }
    }
    return true;
  }
}
