package io.gastown.agent.act;

import io.gastown.agent.plan.Action;
import io.gastown.agent.plan.Failure;
import io.gastown.agent.plan.ResourceKey;
import io.gastown.agent.town.GtErrors;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The last failure of each resource and when its action may run again: exponential backoff with
 * jitter per resource, so a failing gt command is retried neither in a hot loop nor in lockstep
 * with every other failing resource.
 */
public final class FailureMemory {
  static final Duration BASE = Duration.ofSeconds(2);
  static final Duration CAP = Duration.ofMinutes(5);

  private record Entry(Failure failure, int attempts) {}

  private final Map<ResourceKey, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final RandomGenerator random;

  public FailureMemory(Clock clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  public Optional<Failure> get(ResourceKey key) {
    return Optional.ofNullable(entries.get(key)).map(Entry::failure);
  }

  /** Records a failure of {@code action} and returns it, with its retry time. */
  public Failure record(Action action, String gtMessage) {
    Entry previous = entries.get(action.key());
    int attempts =
        previous != null && previous.failure().action().equals(action.name())
            ? previous.attempts() + 1
            : 1;
    Failure f =
        new Failure(
            action.name(),
            GtErrors.classify(gtMessage),
            gtMessage,
            action.generation(),
            clock.instant().plus(delay(attempts)),
            forced(action));
    entries.put(action.key(), new Entry(f, attempts));
    return f;
  }

  private static boolean forced(Action a) {
    return (a instanceof Action.NukePolecat n && n.force())
        || (a instanceof Action.RemoveRig r && r.force())
        || (a instanceof Action.StopSession s && s.force())
        || (a instanceof Action.CloseConvoy c && c.force());
  }

  /** An action for the resource succeeded: its failures are history. */
  public void clear(ResourceKey key) {
    entries.remove(key);
  }

  /** Half the exponential delay fixed, half random ("equal jitter"): never zero, never in step. */
  Duration delay(int attempts) {
    long exp = BASE.toMillis() << Math.min(attempts - 1, 20);
    long d = Math.min(CAP.toMillis(), exp);
    return Duration.ofMillis(d / 2 + random.nextLong(d / 2 + 1));
  }
}
