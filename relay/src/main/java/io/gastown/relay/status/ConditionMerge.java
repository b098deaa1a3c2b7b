package io.gastown.relay.status;

import io.gastown.relay.api.Condition;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * lastTransitionTime, the Kubernetes way: kept from the live condition of the same type while its
 * status is unchanged, set to now when the status changes or the condition is new. Pure.
 */
public final class ConditionMerge {
  private ConditionMerge() {}

  public static List<Condition> merge(List<Condition> desired, List<Condition> live, Instant now) {
    String nowText = format(now);
    List<Condition> merged = new ArrayList<>(desired.size());
    for (Condition d : desired) {
      Condition l = find(live, d.type());
      boolean same = l != null && Objects.equals(l.status(), d.status());
      merged.add(
          d.withLastTransitionTime(
              same && l.lastTransitionTime() != null ? l.lastTransitionTime() : nowText));
    }
    return merged;
  }

  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    for (Condition c : conditions) {
      if (type.equals(c.type())) {
        return c;
      }
    }
    return null;
  }

  /** RFC 3339 in UTC with second precision, as metav1.Time serialises. */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
