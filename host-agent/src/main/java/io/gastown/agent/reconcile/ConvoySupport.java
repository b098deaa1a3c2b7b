package io.gastown.agent.reconcile;

import io.gastown.agent.act.ConvoyJournal;
import io.gastown.agent.act.Outcome;
import io.gastown.agent.plan.Action;
import io.gastown.agent.plan.ConvoyInput;
import io.gastown.agent.plan.ConvoyPlanner;
import io.gastown.agent.plan.Failure;
import io.gastown.agent.plan.Plan;
import io.gastown.agent.plan.ResourceKey;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.ConvoyStatus;
import io.gastown.proto.v1.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The stateful side of planning Convoys: the journal that binds each Convoy CR to its one convoy
 * (written before a create, bound after it or when the town shows the convoy), and the moment a
 * convoy was first seen complete.
 */
final class ConvoySupport {
  private final ConvoyJournal journal;
  private final Duration commandTimeout;
  private final Clock clock;

  ConvoySupport(ConvoyJournal journal, Duration commandTimeout, Clock clock) {
    this.journal = journal;
    this.commandTimeout = commandTimeout;
    this.clock = clock;
  }

  Plan plan(
      ResourceKey key,
      Resource r,
      Reconciler.RelayView view,
      TownSnapshot town,
      Optional<Failure> failure) {
    Plan plan =
        ConvoyPlanner.plan(
            new ConvoyInput(
                key,
                r,
                town,
                view.config().allow(),
                journal.get(key).map(ConvoyJournal.Entry::record),
                failure,
                boundElsewhere(key),
                commandTimeout,
                ZoneId.systemDefault(),
                clock.instant()));
    observed(key, plan.status().getConvoy());
    return plan;
  }

  /** A convoy the plan found (or saw complete) is remembered for good. */
  private void observed(ResourceKey key, ConvoyStatus status) {
    if (status.getConvoyId().isEmpty()) {
      return;
    }
    journal.bind(key, status.getConvoyId());
    if (!status.getCompletedAt().isEmpty()) {
      journal.completed(key, status.getCompletedAt());
    }
  }

  private Set<String> boundElsewhere(ResourceKey key) {
    Set<String> ids = new HashSet<>();
    for (ConvoyJournal.Entry e : journal.all()) {
      if (!e.convoyId().isEmpty()
          && !(e.relay().equals(key.relay()) && e.uid().equals(key.uid()))) {
        ids.add(e.convoyId());
      }
    }
    return ids;
  }

  /** Convoy ids this cluster's CRs own (the mirror leaves them out). */
  Set<String> ownedBy(String relay) {
    Set<String> ids = new HashSet<>();
    for (ConvoyJournal.Entry e : journal.all()) {
      if (e.relay().equals(relay) && !e.convoyId().isEmpty()) {
        ids.add(e.convoyId());
      }
    }
    return ids;
  }

  /** Before {@code gt convoy create} runs: make it durable that it may happen. */
  void beforeCreate(Action.CreateConvoy c) {
    journal.beginCreate(c.key(), c.request().description(), c.request().beads(), c.generation());
  }

  /** After a create: bind the printed id; a definite refusal settles the unconfirmed entry. */
  void finished(Action action, Outcome outcome) {
    if (action instanceof Action.CreateConvoy c) {
      if (outcome.created().isPresent()) {
        journal.bind(c.key(), outcome.created().get());
      } else if (outcome.failure().isPresent() && !outcome.uncertain()) {
        journal.refused(c.key());
      }
    }
  }

  void forget(ResourceKey key) {
    journal.remove(key);
  }
}
