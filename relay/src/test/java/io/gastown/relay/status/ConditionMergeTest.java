package io.gastown.relay.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gastown.relay.api.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionMergeTest {
  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00.123Z");
  private static final String EARLIER = "2026-04-01T09:00:00Z";

  private static Condition c(String type, String status, String reason, String time) {
    return new Condition(type, status, reason, "m", time, null);
  }

  @Test
  void aConditionWhoseStatusDidNotChangeKeepsItsTransitionTimeEvenWithANewReason() {
    List<Condition> merged =
        ConditionMerge.merge(
            List.of(c("Ready", "True", "Other", null)),
            List.of(c("Ready", "True", "Was", EARLIER)),
            NOW);
    assertEquals(EARLIER, merged.get(0).lastTransitionTime());
    assertEquals("Other", merged.get(0).reason());
  }

  @Test
  void aConditionWhoseStatusChangedOrThatIsNewTransitionsNowAtSecondPrecision() {
    List<Condition> merged =
        ConditionMerge.merge(
            List.of(c("Ready", "False", "Broken", null), c("Synced", "True", "Done", null)),
            List.of(c("Ready", "True", "Was", EARLIER)),
            NOW);
    assertEquals("2026-05-01T10:00:00Z", merged.get(0).lastTransitionTime());
    assertEquals("2026-05-01T10:00:00Z", merged.get(1).lastTransitionTime());
  }
}
