package io.gastown.relay.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Leases of the hosts whose sessions this relay holds, and watches everyone's. Every
 * Lease operation runs on one thread of its own, so taking, renewing, releasing and noticing a
 * takeover never race with each other.
 *
 * <ul>
 *   <li>A new session takes its host's Lease (resourceVersion precondition; an epoch above the one
 *       recorded), renews it every {@code duration / 3}, and releases it when it ends.
 *   <li>When the Lease shows a higher epoch — a newer session of the host at another replica — the
 *       local session is closed through {@link Takeover} (Goodbye SUPERSEDED).
 *   <li>The records of other replicas tell {@link RemoteHosts} whether a host is connected
 *       elsewhere; "recently" is judged by when this relay saw the record change, not by the
 *       writer's clock, so clock skew between replicas cannot expire a live Lease.
 * </ul>
 */
public final class HostLeases implements SessionFence, RemoteHosts, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostLeases.class);
  static final Duration ACQUIRE_WAIT = Duration.ofSeconds(3);
  private static final int WRITE_ATTEMPTS = 5;

  /** Closes a local session whose host's Lease a newer session took. */
  @FunctionalInterface
  public interface Takeover {
    void lost(String host, String holder, long epoch);
  }

  /** Counts Lease writes by outcome (ok, conflict, error). */
  @FunctionalInterface
  public interface WriteCounter {
    void count(String result);
  }

  /** A session of ours: its local epoch (its name here) and the epoch the Lease records. */
  private record Held(long local, long lease) {}

  private final LeaseApi api;
  private final String relayId;
  private final int durationSeconds;
  private final Clock clock;
  private final Takeover takeover;
  private final Consumer<String> remoteChanged;
  private final WriteCounter writes;
  private final ScheduledExecutorService thread;
  private final Map<String, Held> held = new HashMap<>(); // the lease thread's alone
  private final LeaseSightings seen;
  private AutoCloseable watch;

  /**
   * @param duration how long a record stays valid without renewal (whole seconds, at least one)
   * @param remoteChanged told (on the lease thread) when a host's presence elsewhere may have
   *     changed
   */
  public HostLeases(
      LeaseApi api,
      String relayId,
      Duration duration,
      Clock clock,
      Takeover takeover,
      Consumer<String> remoteChanged,
      WriteCounter writes) {
    this.api = api;
    this.relayId = relayId;
    this.durationSeconds = durationSeconds(duration);
    this.clock = clock;
    this.takeover = takeover;
    this.remoteChanged = remoteChanged;
    this.writes = writes;
    this.seen = new LeaseSightings(relayId, clock);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "relay-leases");
              t.setDaemon(true);
              return t;
            });
  }

  /** A Lease's duration: the heartbeat timeout rounded up to whole seconds, at least one. */
  public static int durationSeconds(Duration d) {
    return (int) Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /** How often held Leases are renewed: a third of their duration. */
  public Duration renewPeriod() {
    return Duration.ofMillis(durationSeconds * 1000L / 3);
  }

  /** Starts watching every host's Lease and renewing the held ones. */
  public void start() {
    watch = api.watch(l -> post(() -> observed(l)), h -> post(() -> deleted(h)));
    long renew = renewPeriod().toMillis();
    thread.scheduleWithFixedDelay(this::guarded, renew, renew, TimeUnit.MILLISECONDS);
    thread.scheduleWithFixedDelay(this::noticeExpiries, 250, 250, TimeUnit.MILLISECONDS);
  }

  private void guarded() {
    try {
      renewAll();
    } catch (RuntimeException e) {
      LOG.warn("renewing host Leases failed: {}", e.toString());
    }
  }

  @Override
  public long acquire(String host, long localEpoch) {
    Future<Long> f;
    try {
      f = thread.submit(() -> take(host, localEpoch));
    } catch (RejectedExecutionException e) {
      return localEpoch; // stopping
    }
    try {
      return f.get(ACQUIRE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "host {}: taking its Lease is slow; the session goes on at epoch {}", host, localEpoch);
      return localEpoch;
    } catch (ExecutionException e) {
      return localEpoch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return localEpoch;
    }
  }

  private long take(String host, long localEpoch) {
    held.put(host, new Held(localEpoch, localEpoch)); // if every write fails, renewal takes it
    try {
      for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
        Optional<HostLease> current = api.get(host);
        HostLease next =
            LeaseRules.acquire(current, host, relayId, localEpoch, durationSeconds, now());
        try {
          HostLease stored = api.write(next);
          writes.count("ok");
          held.put(host, new Held(localEpoch, stored.epoch()));
          remember(stored);
          LOG.debug("host {}: took its Lease at epoch {}", host, stored.epoch());
          return stored.epoch();
        } catch (LeaseApi.LeaseConflict e) {
          writes.count("conflict");
        }
      }
      LOG.warn("host {}: its Lease kept changing; will take it at the next renewal", host);
    } catch (RuntimeException e) {
      writes.count("error");
      LOG.warn(
          "host {}: cannot take its Lease ({}); will retry at the next renewal",
          host,
          e.toString());
    }
    return localEpoch;
  }

  @Override
  public void release(String host, long localEpoch) {
    post(() -> giveBack(host, localEpoch));
  }

  private void giveBack(String host, long localEpoch) {
    Held mine = held.get(host);
    if (mine == null || mine.local() != localEpoch) {
      return; // a newer session of ours took it meanwhile, or it is released already
    }
    held.remove(host);
    long epoch = mine.lease();
    try {
      for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
        Optional<HostLease> next = LeaseRules.release(api.get(host), relayId, epoch, now());
        if (next.isEmpty()) {
          return;
        }
        try {
          remember(api.write(next.get()));
          writes.count("ok");
          return;
        } catch (LeaseApi.LeaseConflict e) {
          writes.count("conflict");
        }
      }
    } catch (RuntimeException e) {
      writes.count("error");
      LOG.warn("host {}: cannot release its Lease ({}); it runs out", host, e.toString());
    }
  }

  private void renewAll() {
    for (Map.Entry<String, Held> e : Map.copyOf(held).entrySet()) {
      renew(e.getKey(), e.getValue().lease());
    }
  }

  private void renew(String host, long epoch) {
    // the record last written or watched is usually current; a conflict means re-read
    Optional<HostLease> current = seen.last(host);
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      LeaseRules.Renewal r =
          LeaseRules.renew(current, host, relayId, epoch, durationSeconds, now());
      if (r instanceof LeaseRules.Renewal.Lost lost) {
        lose(host, lost.holder(), lost.epoch());
        return;
      }
      HostLease next =
          r instanceof LeaseRules.Renewal.Renew renew
              ? renew.next()
              : ((LeaseRules.Renewal.Retake) r).next();
      try {
        remember(api.write(next));
        writes.count("ok");
        return;
      } catch (LeaseApi.LeaseConflict e) {
        writes.count("conflict");
        current = api.get(host);
      } catch (RuntimeException e) {
        writes.count("error");
        LOG.warn("host {}: cannot renew its Lease: {}", host, e.toString());
        return;
      }
    }
  }

  private void lose(String host, String holder, long epoch) {
    if (held.remove(host) != null) {
      LOG.info(
          "host {}: a newer session (epoch {}) at relay {} took its Lease", host, epoch, holder);
      takeover.lost(host, holder, epoch);
    }
  }

  private void observed(HostLease lease) {
    if (seen.known(lease)) {
      return; // our own write, already remembered
    }
    boolean presenceChanged = seen.record(lease);
    Held mine = held.get(lease.host());
    if (mine != null && lease.epoch() > mine.lease()) {
      lose(lease.host(), lease.holder(), lease.epoch());
    }
    if (presenceChanged && !lease.holder().equals(relayId)) {
      remoteChanged.accept(lease.host());
    }
  }

  private void deleted(String host) {
    seen.forget(host);
    remoteChanged.accept(host);
  }

  private void remember(HostLease lease) {
    seen.record(lease);
  }

  /** A record of another replica that stopped changing has run out: its host may be gone. */
  private void noticeExpiries() {
    for (HostLease l : seen.newlyExpired()) {
      LOG.info("host {}: the Lease held by relay {} ran out", l.host(), l.holder());
      remoteChanged.accept(l.host());
    }
  }

  @Override
  public boolean heldElsewhere(String host) {
    return seen.heldElsewhere(host);
  }

  @Override
  public Optional<Instant> lastSeen(String host) {
    return seen.lastSeen(host);
  }

  private Instant now() {
    return clock.instant();
  }

  private void post(Runnable r) {
    try {
      thread.execute(
          () -> {
            try {
              r.run();
            } catch (RuntimeException e) {
              LOG.warn("host Lease work failed: {}", e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  /**
   * Carries out the releases already asked for (bounded wait), then stops watching: writes come
   * first so the other replicas learn at once that this relay's sessions ended.
   */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception e) {
        LOG.debug("closing the Lease watch: {}", e.toString());
      }
    }
  }
}
