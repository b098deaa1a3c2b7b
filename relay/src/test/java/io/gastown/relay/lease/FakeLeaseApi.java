package io.gastown.relay.lease;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An in-memory Lease store with resourceVersion preconditions, as the API server enforces them. */
final class FakeLeaseApi implements LeaseApi {
  private final Map<String, HostLease> leases = new HashMap<>();
  private final List<Consumer<HostLease>> watchers = new ArrayList<>();
  private final AtomicInteger versions = new AtomicInteger();
  final AtomicInteger writes = new AtomicInteger();
  volatile int conflictsToInject;
  volatile boolean down;

  @Override
  public synchronized Optional<HostLease> get(String host) {
    failIfDown();
    return Optional.ofNullable(leases.get(host));
  }

  @Override
  public HostLease write(HostLease lease) {
    HostLease stored;
    synchronized (this) {
      failIfDown();
      if (conflictsToInject > 0) {
        conflictsToInject--;
        throw new LeaseConflict("injected");
      }
      HostLease current = leases.get(lease.host());
      String expected = current == null ? "" : current.resourceVersion();
      if (!expected.equals(lease.resourceVersion())) {
        throw new LeaseConflict("stale " + lease.resourceVersion() + " != " + expected);
      }
      stored = withVersion(lease, Integer.toString(versions.incrementAndGet()));
      leases.put(lease.host(), stored);
      writes.incrementAndGet();
    }
    notifyWatchers(stored);
    return stored;
  }

  /** Another replica's write, bypassing preconditions. */
  HostLease put(HostLease lease) {
    HostLease stored;
    synchronized (this) {
      stored = withVersion(lease, Integer.toString(versions.incrementAndGet()));
      leases.put(lease.host(), stored);
    }
    notifyWatchers(stored);
    return stored;
  }

  synchronized Optional<HostLease> stored(String host) {
    return Optional.ofNullable(leases.get(host));
  }

  @Override
  public synchronized AutoCloseable watch(Consumer<HostLease> changed, Consumer<String> deleted) {
    watchers.add(changed);
    leases.values().forEach(changed);
    return () -> {
      synchronized (this) {
        watchers.remove(changed);
      }
    };
  }

  private void notifyWatchers(HostLease l) {
    List<Consumer<HostLease>> copy;
    synchronized (this) {
      copy = List.copyOf(watchers);
    }
    copy.forEach(w -> w.accept(l));
  }

  private void failIfDown() {
    if (down) {
      throw new IllegalStateException("the API server is unreachable");
    }
  }

  private static HostLease withVersion(HostLease l, String rv) {
    return new HostLease(
        l.host(),
        l.holder(),
        l.epoch(),
        l.transitions(),
        l.durationSeconds(),
        l.acquiredAt(),
        l.renewedAt(),
        rv);
  }
}
