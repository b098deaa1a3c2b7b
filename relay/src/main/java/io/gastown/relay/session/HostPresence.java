package io.gastown.relay.session;

import io.gastown.relay.lease.RemoteHosts;
import io.gastown.relay.status.HostLink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Which hosts are connected, and since when the others are not. A host whose last session ended is
 * in grace for {@code grace}; so is every host during the first {@code grace} after the relay
 * starts (agents reconnect after a relay restart). When a host connects, or its grace runs out,
 * {@code onChange} is called (off the caller's thread) so its resources' conditions are updated.
 *
 * <p>With several relay replicas a host's session may be held by another one: its Lease ({@link
 * RemoteHosts}) counts as connected, and the end of its record there starts the grace as a local
 * disconnection does. The grace is the hysteresis: a host that comes back within it (here or at
 * another replica) never flips its conditions.
 */
public final class HostPresence {
  private final Clock clock;
  private final Duration grace;
  private final Instant startedAt;
  private final ScheduledExecutorService scheduler;
  private final Consumer<String> onChange;
  private final Runnable onStartupGraceOver;
  private final RemoteHosts remote;
  private final Set<String> connected = new HashSet<>();
  private final Map<String, Instant> goneSince = new HashMap<>();

  public HostPresence(
      Clock clock,
      Duration grace,
      ScheduledExecutorService scheduler,
      Consumer<String> onChange,
      Runnable onStartupGraceOver,
      RemoteHosts remote) {
    this.clock = clock;
    this.remote = remote;
    this.grace = grace;
    this.startedAt = clock.instant();
    this.scheduler = scheduler;
    this.onChange = onChange;
    this.onStartupGraceOver = onStartupGraceOver;
  }

  /** Arms the end of the start-up grace period. */
  public void start() {
    scheduler.schedule(onStartupGraceOver, graceMillis(), TimeUnit.MILLISECONDS);
  }

  public void connected(String host) {
    synchronized (this) {
      connected.add(host);
      goneSince.remove(host);
    }
    run(() -> scheduler.execute(() -> onChange.accept(host)));
  }

  public void disconnected(String host) {
    synchronized (this) {
      connected.remove(host);
      goneSince.put(host, clock.instant());
    }
    run(
        () ->
            scheduler.schedule(() -> onChange.accept(host), graceMillis(), TimeUnit.MILLISECONDS));
  }

  /** The host's Lease changed at another replica (taken, released or run out). */
  public void remoteChanged(String host) {
    run(() -> scheduler.execute(() -> onChange.accept(host)));
    run(
        () ->
            scheduler.schedule(() -> onChange.accept(host), graceMillis(), TimeUnit.MILLISECONDS));
  }

  // while the relay stops, sessions end after the scheduler did: nothing is left to update then
  private static void run(Runnable schedule) {
    try {
      schedule.run();
    } catch (RejectedExecutionException e) {
      // the relay is stopping
    }
  }

  public synchronized HostLink link(String host) {
    if (connected.contains(host) || remote.heldElsewhere(host)) {
      return HostLink.CONNECTED;
    }
    Instant now = clock.instant();
    Instant since = latest(goneSince.get(host), remote.lastSeen(host).orElse(null));
    if (since != null) {
      return now.isBefore(since.plus(grace)) ? HostLink.GRACE : HostLink.DISCONNECTED;
    }
    return now.isBefore(startedAt.plus(grace)) ? HostLink.GRACE : HostLink.NEVER_CONNECTED;
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  // a few milliseconds late, so link() has certainly left GRACE when onChange runs
  private long graceMillis() {
    return grace.toMillis() + 20;
  }
}
