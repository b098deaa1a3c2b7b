package io.gastown.agent.act;

import java.util.concurrent.CompletableFuture;

/** Asks for a fresh observation of the town after an action. */
@FunctionalInterface
public interface Observations {

  /** Completes once an observation that started after this call has finished. */
  CompletableFuture<?> request();
}
