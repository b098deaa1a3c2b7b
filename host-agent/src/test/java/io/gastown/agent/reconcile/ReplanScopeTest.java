package io.gastown.agent.reconcile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.TownSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplanScopeTest {
  final ReplanScope scope = new ReplanScope();

  static TownSnapshot town(Instant at, String rigStatus) {
    return new TownSnapshot(
        at,
        List.of(new RigInfo("r", "rr", rigStatus, "running", "running", 0, 0)),
        List.of(),
        List.of(),
        Map.of());
  }

  @Test
  void theFirstObservationPlansEverything() {
    assertTrue(scope.beginFullPass(town(Instant.EPOCH, "operational"), 0));
  }

  @Test
  void anEqualTownWithNothingElseChangedIsQuietWhenEverItWasTaken() {
    scope.beginFullPass(town(Instant.EPOCH, "operational"), 0);
    assertFalse(scope.beginFullPass(town(Instant.EPOCH.plusSeconds(10), "operational"), 10_000));
    assertFalse(scope.beginFullPass(town(Instant.EPOCH.plusSeconds(20), "operational"), 20_000));
  }

  @Test
  void aChangedTownPlansEverythingOnce() {
    scope.beginFullPass(town(Instant.EPOCH, "operational"), 0);
    assertTrue(scope.beginFullPass(town(Instant.EPOCH, "parked"), 1_000));
    assertFalse(scope.beginFullPass(town(Instant.EPOCH, "parked"), 2_000));
  }

  @Test
  void aChangeBesidesTheTownPlansEverythingOnce() {
    scope.beginFullPass(town(Instant.EPOCH, "operational"), 0);
    scope.changed();
    assertTrue(scope.beginFullPass(town(Instant.EPOCH, "operational"), 1_000));
    assertFalse(scope.beginFullPass(town(Instant.EPOCH, "operational"), 2_000));
  }

  @Test
  void aChangeDuringAFullPassCallsForTheNextOne() {
    assertTrue(scope.beginFullPass(town(Instant.EPOCH, "operational"), 0));
    scope.changed(); // e.g. the pass started an action
    assertTrue(scope.beginFullPass(town(Instant.EPOCH, "operational"), 1_000));
  }

  @Test
  void aFullPassRunsAtLeastEveryFiveMinutesAsTheSafetyNet() {
    long every = ReplanScope.FULL_PASS_EVERY.toMillis();
    scope.beginFullPass(town(Instant.EPOCH, "operational"), 0);
    assertFalse(scope.beginFullPass(town(Instant.EPOCH, "operational"), every - 1));
    assertTrue(scope.beginFullPass(town(Instant.EPOCH, "operational"), every));
    assertFalse(scope.beginFullPass(town(Instant.EPOCH, "operational"), every + 1));
  }
}
