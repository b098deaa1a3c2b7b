package io.gastown.agent.reconcile;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique event ids: uid, reason, generation, this process's start and a counter — unique across
 * restarts, so the relay (which records each id once) never swallows a new event.
 */
final class EventIds {
  private final String process;
  private final AtomicLong counter = new AtomicLong();

  EventIds(long processStartMillis) {
    this.process = Long.toString(processStartMillis, 36);
  }

  String next(String uid, String reason, long generation) {
    return uid + ":" + reason + ":" + generation + ":" + process + "-" + counter.incrementAndGet();
  }
}
