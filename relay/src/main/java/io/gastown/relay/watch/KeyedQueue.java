package io.gastown.relay.watch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A de-duplicating work queue of keys (the client-go workqueue contract): a key added many times
 * before a worker takes it is processed once; a key is never held by two workers at once; a key
 * added while it is being processed is processed again after {@link #done}.
 */
public final class KeyedQueue<K> {
  private final Object lock = new Object();
  private final ArrayDeque<K> ready = new ArrayDeque<>();
  // keys waiting for a worker, whether in `ready` or parked behind a worker that holds them
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private boolean shutDown;

  public void add(K key) {
    synchronized (lock) {
      if (shutDown || !dirty.add(key)) {
        return;
      }
      if (!processing.contains(key)) {
        ready.addLast(key);
        lock.notifyAll();
      }
    }
  }

  /** Waits up to {@code timeout} for a key and marks it as being processed. */
  public Optional<K> take(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (ready.isEmpty() && !shutDown) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      if (shutDown) {
        return Optional.empty();
      }
      K key = ready.pollFirst();
      dirty.remove(key);
      processing.add(key);
      return Optional.of(key);
    }
  }

  /** Releases a key taken with {@link #take}; re-queues it if it was added meanwhile. */
  public void done(K key) {
    synchronized (lock) {
      processing.remove(key);
      if (dirty.contains(key)) {
        ready.addLast(key);
      }
      lock.notifyAll();
    }
  }

  /** True when no key waits and none is being processed. */
  public boolean idle() {
    synchronized (lock) {
      return ready.isEmpty() && processing.isEmpty();
    }
  }

  /** Waits until {@link #idle()} or the timeout; returns whether the queue went idle. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!(ready.isEmpty() && processing.isEmpty())) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || shutDown) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  public int depth() {
    synchronized (lock) {
      return dirty.size();
    }
  }

  public void shutDown() {
    synchronized (lock) {
      shutDown = true;
      lock.notifyAll();
    }
  }
}
