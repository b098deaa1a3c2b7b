package io.gastown.agent.reconcile;

import io.gastown.agent.town.TownSnapshot;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether an observation re-plans every desired resource or only the time-sensitive ones.
 *
 * <p>A plan is a function of the desired resource, the town snapshot, what the agent remembers
 * (failures, slings in flight, rig bindings, claims) and the time. When the town equals the one of
 * the last full pass and nothing else changed since it began, planning again a resource whose plan
 * does not read the clock gives the same plan — and costs, at 10,000 desired resources, a third of
 * a second of CPU every cycle of an idle agent. Such a quiet cycle re-plans only the resources
 * whose plan depends on the time. A full pass still runs at least every {@link #FULL_PASS_EVERY}:
 * the level-triggered safety net against an input this reasoning missed.
 */
final class ReplanScope {
  static final Duration FULL_PASS_EVERY = Duration.ofMinutes(5);

  private Optional<TownSnapshot> lastFullPass = Optional.empty();
  private long lastFullPassMillis;
  private long changes;
  private long changesAtFullPass = -1;

  /**
   * Something planning reads besides the town and the time changed: a desired resource, an action's
   * start or outcome, a claim, a journal entry. The next observation re-plans everything.
   */
  void changed() {
    changes++;
  }

  /**
   * Whether the observation of {@code town} at {@code nowMillis} must re-plan every resource; when
   * it must, the pass counts as begun: changes from here on call for the next one.
   */
  boolean beginFullPass(TownSnapshot town, long nowMillis) {
    boolean full =
        changes != changesAtFullPass
            || lastFullPass.isEmpty()
            || !lastFullPass.get().sameTownAs(town)
            || nowMillis - lastFullPassMillis >= FULL_PASS_EVERY.toMillis();
    if (full) {
      lastFullPass = Optional.of(town);
      lastFullPassMillis = nowMillis;
      changesAtFullPass = changes;
    }
    return full;
  }
}
