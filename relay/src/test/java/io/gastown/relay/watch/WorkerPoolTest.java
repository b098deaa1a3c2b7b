package io.gastown.relay.watch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final KeyedQueue<String> queue = new KeyedQueue<>();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void oneKeyIsNeverProcessedByTwoWorkersAtOnce() throws InterruptedException {
    Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    KeyProcessor<String> slow =
        key -> {
          if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          Thread.sleep(2);
          inFlight.get(key).decrementAndGet();
          runs.incrementAndGet();
        };
    try (WorkerPool<String> pool = new WorkerPool<>(queue, slow, scheduler)) {
      pool.start(4);
      for (int i = 0; i < 200; i++) {
        queue.add("k" + (i % 3));
        Thread.sleep(0, 200_000);
      }
      await().atMost(Duration.ofSeconds(5)).until(queue::idle);
    }
    assertEquals(0, overlaps.get());
    assertTrue(runs.get() >= 3, "every key processed");
  }

  @Test
  void aFailingKeyIsRetriedWithBackoffUntilItSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    KeyProcessor<String> flaky =
        key -> {
          if (attempts.incrementAndGet() < 3) {
            throw new IllegalStateException("conflict");
          }
        };
    try (WorkerPool<String> pool = new WorkerPool<>(queue, flaky, scheduler)) {
      pool.start(1);
      queue.add("k");
      await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 3);
    }
    assertEquals(3, attempts.get());
  }

  @Test
  void backoffDoublesFromFiftyMillisecondsAndStopsAtThirtySeconds() {
    assertEquals(50, WorkerPool.backoffMillis(1));
    assertEquals(100, WorkerPool.backoffMillis(2));
    assertEquals(30_000, WorkerPool.backoffMillis(40));
  }
}
