package io.gastown.relay.automaton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.AutomatonStatus;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutomatonConditionTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00.123Z");

  static Condition working() {
    return new Condition(AutomatonNames.CONDITION, "True", "Working", "slung", null, 3L);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> conditions(Map<String, Object> status) {
    return (List<Map<String, Object>>) status.get("conditions");
  }

  @Test
  void ourConditionIsAddedAndEverythingOfTheOwnerStays() {
    Map<String, Object> owner =
        Map.of(
            "phase",
            "Scheduled",
            "conditions",
            List.of(Map.of("type", "OwnerReady", "status", "True")));
    Map<String, Object> merged = AutomatonCondition.merge(owner, working(), NOW).orElseThrow();
    assertEquals("Scheduled", merged.get("phase"));
    assertEquals(Map.of("type", "OwnerReady", "status", "True"), conditions(merged).get(0));
    Map<String, Object> ours = conditions(merged).get(1);
    assertEquals("2025-06-01T12:00:00Z", ours.get("lastTransitionTime"));
    assertEquals(3L, ours.get("observedGeneration"));
  }

  @Test
  void anUnchangedConditionIsNoWriteEvenWhenNumbersReadBackAsIntegers() {
    Map<String, Object> merged = AutomatonCondition.merge(null, working(), NOW).orElseThrow();
    Map<String, Object> readBack = new java.util.HashMap<>(conditions(merged).get(0));
    readBack.put("observedGeneration", 3); // JSON gives an Integer
    Map<String, Object> live = Map.of("conditions", List.of(readBack));
    assertTrue(AutomatonCondition.merge(live, working(), NOW.plusSeconds(60)).isEmpty());
  }

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
    Map<String, Object> first = AutomatonCondition.merge(null, working(), NOW).orElseThrow();
    Condition done = new Condition(AutomatonNames.CONDITION, "True", "Done", "closed", null, 3L);
    Map<String, Object> second =
        AutomatonCondition.merge(first, done, NOW.plusSeconds(60)).orElseThrow();
    assertEquals("2025-06-01T12:00:00Z", conditions(second).get(0).get("lastTransitionTime"));
    Condition error = new Condition(AutomatonNames.CONDITION, "False", "Error", "x", null, 3L);
    Map<String, Object> third =
        AutomatonCondition.merge(second, error, NOW.plusSeconds(120)).orElseThrow();
    assertEquals(1, conditions(third).size());
    assertEquals("2025-06-01T12:02:00Z", conditions(third).get(0).get("lastTransitionTime"));
  }

  @Test
  void aReportWithoutOurConditionIsReadFromItsPhase() {
    StatusReport r =
        StatusReport.newBuilder()
            .setObservedGeneration(2)
            .setAutomaton(
                AutomatonStatus.newBuilder()
                    .setPhase("Done")
                    .setBeadId("wr-abc12")
                    .setPolecat("work_rig/nux"))
            .build();
    Condition c = AutomatonCondition.fromReport(r, "laptop");
    assertEquals("True", c.status());
    assertEquals("Done", c.reason());
    assertTrue(c.message().contains("wr-abc12"));
    assertTrue(c.message().contains("laptop"));
  }
}
