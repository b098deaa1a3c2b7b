package io.gastown.agent.reconcile;

import io.gastown.agent.plan.Conditions;
import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.StatusReport;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * While the town cannot be observed — gt exits non-zero, hangs until the command timeout, or prints
 * what cannot be read — every resource's status says so: Ready turns Unknown (reason {@value
 * #REASON}, gt's words in the message) and the rest of the last status stays. Nothing is planned
 * meanwhile (acting on an unknown town is unsafe); the first successful observation reports the
 * real state again. One failed observation alone says nothing: gt is asked again at once.
 */
public final class TownOutage {
  public static final String REASON = "TownUnobservable";
  static final int FAILURES_BEFORE_REPORTING = 2;

  private final List<Reconciler.RelayView> views;
  private final IntSupplier consecutiveFailures;
  private final Supplier<Optional<String>> failure;

  public TownOutage(
      List<Reconciler.RelayView> views,
      IntSupplier consecutiveFailures,
      Supplier<Optional<String>> failure) {
    this.views = List.copyOf(views);
    this.consecutiveFailures = consecutiveFailures;
    this.failure = failure;
  }

  /** After a failed observation: reports the outage once it lasts. */
  public void observationFailed() {
    Optional<String> why = failure.get();
    if (consecutiveFailures.getAsInt() < FAILURES_BEFORE_REPORTING || why.isEmpty()) {
      return;
    }
    for (Reconciler.RelayView view : views) {
      for (Resource r : view.store().all()) {
        StatusReport last =
            view.reporter().latest(r.getRef().getUid()).orElseGet(() -> firstReport(r));
        view.reporter().offer(degraded(last, why.get()));
      }
    }
  }

  private static StatusReport firstReport(Resource r) {
    return StatusReport.newBuilder()
        .setRef(r.getRef())
        .setObservedGeneration(r.getGeneration())
        .build();
  }

  /** The last status with Ready replaced by Unknown/{@value #REASON}. */
  static StatusReport degraded(StatusReport last, String why) {
    Condition ready =
        Conditions.unknown(
            Conditions.READY,
            REASON,
            "gt cannot be read, so the state shown may be stale (retrying with backoff): " + why);
    StatusReport.Builder b = last.toBuilder().clearConditions();
    boolean replaced = false;
    for (Condition c : last.getConditionsList()) {
      if (c.getType().equals(Conditions.READY)) {
        b.addConditions(ready);
        replaced = true;
      } else {
        b.addConditions(c);
      }
    }
    if (!replaced) {
      b.addConditions(ready);
    }
    return b.build();
  }
}
