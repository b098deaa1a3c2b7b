package io.gastown.relay.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyedQueueTest {
  private static final Duration SHORT = Duration.ofMillis(20);
  private final KeyedQueue<String> queue = new KeyedQueue<>();

  @Test
  void aKeyAddedManyTimesBeforeItIsTakenIsTakenOnce() throws InterruptedException {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    queue.add("a");

    assertEquals(Optional.of("a"), queue.take(SHORT));
    assertEquals(Optional.of("b"), queue.take(SHORT));
    assertEquals(Optional.empty(), queue.take(SHORT));
  }

  @Test
  void aKeyBeingProcessedIsNotHandedToASecondWorkerButComesBackAfterDone()
      throws InterruptedException {
    queue.add("a");
    String held = queue.take(SHORT).orElseThrow();
    queue.add("a"); // changed while being processed

    assertEquals(Optional.empty(), queue.take(SHORT), "no second worker for the same key");
    queue.done(held);
    assertEquals(Optional.of("a"), queue.take(SHORT), "processed again after done");
  }

  @Test
  void theQueueIsIdleOnlyWhenNothingWaitsAndNothingIsProcessed() throws InterruptedException {
    assertTrue(queue.idle());
    queue.add("a");
    assertFalse(queue.idle());
    String held = queue.take(SHORT).orElseThrow();
    assertFalse(queue.idle());
    assertFalse(queue.awaitIdle(SHORT));
    queue.done(held);
    assertTrue(queue.awaitIdle(SHORT));
  }

  @Test
  void aShutDownQueueHandsOutNothing() throws InterruptedException {
    queue.add("a");
    queue.shutDown();
    queue.add("b");
    assertEquals(Optional.empty(), queue.take(SHORT));
  }
}
