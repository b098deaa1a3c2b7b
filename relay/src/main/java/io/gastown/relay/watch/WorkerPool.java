package io.gastown.relay.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few threads taking keys from a {@link KeyedQueue}. The queue guarantees one worker per key; a
 * failed key comes back after an exponential backoff (50 ms doubling to 30 s), so a broken resource
 * never spins.
 */
public final class WorkerPool<K> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
  private static final long FIRST_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 30_000;

  private final KeyedQueue<K> queue;
  private final KeyProcessor<K> processor;
  private final ScheduledExecutorService retries;
  private final Map<K, Integer> failures = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  public WorkerPool(
      KeyedQueue<K> queue, KeyProcessor<K> processor, ScheduledExecutorService retries) {
    this.queue = queue;
    this.processor = processor;
    this.retries = retries;
  }

  public synchronized void start(int workers) {
    running = true;
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(this::loop, "relay-worker-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  private void loop() {
    while (running) {
      Optional<K> key;
      try {
        key = queue.take(Duration.ofMillis(500));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      key.ifPresent(this::processOne);
    }
  }

  private void processOne(K key) {
    try {
      processor.process(key);
      failures.remove(key);
    } catch (Exception | Error e) {
      int n = failures.merge(key, 1, Integer::sum);
      long delay = backoffMillis(n);
      if (e instanceof Requeue) {
        LOG.debug("{} again in {} ms: {}", key, delay, e.getMessage());
      } else {
        LOG.warn(
            "processing {} failed (attempt {}), retrying in {} ms: {}",
            key,
            n,
            delay,
            e.toString());
        LOG.debug("failure detail for {}", key, e);
      }
      retries.schedule(() -> queue.add(key), delay, TimeUnit.MILLISECONDS);
    } finally {
      queue.done(key);
    }
  }

  static long backoffMillis(int attempt) {
    long delay = FIRST_BACKOFF_MS << Math.min(attempt - 1, 20);
    return Math.min(delay, MAX_BACKOFF_MS);
  }

  @Override
  public synchronized void close() {
    running = false;
    queue.shutDown();
    for (Thread t : threads) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
