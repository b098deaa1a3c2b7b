package io.gastown.relay.session;

import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.InventoryEntry;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.relay.lease.SessionFence;
import io.gastown.relay.metrics.ProgressMetrics;
import io.gastown.relay.metrics.RelayMetrics;
import io.gastown.relay.route.RoutingTable;
import io.gastown.relay.status.ReportStore;
import io.grpc.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions of all hosts; the newest session of a host is its current one (fencing). A host's
 * lock orders three things: a session taking over, the resync snapshot of the routing table, and
 * live desired state from workers, so no change falls between a snapshot and going live.
 */
public final class SessionRegistry implements DesiredSink {
  private final RoutingTable routing;
  private final ReportStore reports;
  private final HostPresence presence;
  private final RelayMetrics metrics;
  private final SessionFence fence;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Session> current = new ConcurrentHashMap<>();
  private final Set<Session> open = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> epochs = new HashMap<>();
  private final AtomicLong resyncIds = new AtomicLong();
  private volatile PeerMessages peers = PeerMessages.NONE;

  public SessionRegistry(
      RoutingTable routing,
      ReportStore reports,
      HostPresence presence,
      RelayMetrics metrics,
      SessionFence fence) {
    this.routing = routing;
    this.reports = reports;
    this.presence = presence;
    this.metrics = metrics;
    this.fence = fence;
  }

  private Object lock(String host) {
    return locks.computeIfAbsent(host, h -> new Object());
  }

  void opened(Session session) {
    open.add(session);
  }

  /**
   * Makes the session its host's current one and closes the older; returns the new epoch, or -1
   * when the session already ended.
   */
  long register(Session session) {
    String host = session.host();
    synchronized (lock(host)) {
      if (session.ended()) {
        return -1;
      }
      long epoch = nextEpoch(host);
      Session older = current.put(host, session);
      if (older != null && older != session) {
        metrics.sessionSuperseded();
        older.supersede(epoch, "");
      }
      metrics.connectedHosts(current.size());
      metrics.progress().sessionStarted(host);
      presence.connected(host);
      return epoch;
    }
  }

  // Epochs stay above every earlier one of this relay, and above those of a previous relay
  // process too as long as the wall clock does not go back: the millisecond clock is a floor.
  private long nextEpoch(String host) {
    long next = Math.max(epochs.getOrDefault(host, 0L) + 1, System.currentTimeMillis());
    epochs.put(host, next);
    return next;
  }

  /**
   * Takes the host's Lease for a session registered at {@code localEpoch} (outside the host's lock:
   * it talks to the API server); returns the session's epoch, raised above any other replica's.
   */
  long fence(Session session, long localEpoch) {
    long epoch = fence.acquire(session.host(), localEpoch);
    if (epoch != localEpoch) {
      synchronized (lock(session.host())) {
        epochs.merge(session.host(), epoch, Math::max);
      }
    }
    if (session.ended()) {
      fence.release(session.host(), localEpoch); // it ended while the Lease was being taken
    }
    return epoch;
  }

  /**
   * Another replica's newer session (at {@code holder}, {@code epoch}) took the host's Lease: the
   * older session here ends, and the reports it left are forgotten, since the other replica writes
   * this host's statuses now and an old report must not overwrite a newer one.
   */
  public void supersededElsewhere(String host, String holder, long epoch) {
    synchronized (lock(host)) {
      Session s = current.get(host);
      if (s == null || s.epoch() >= epoch) {
        return;
      }
      metrics.sessionSuperseded();
      s.supersede(epoch, " at relay " + holder);
      reports.forgetHost(
          host, routing.forHost(host).stream().map(RoutingTable.Entry::uid).toList());
    }
  }

  /** Plans and sends the session's resync; null when the session is no longer current. */
  ResyncPlanner.Plan resync(Session session, List<InventoryEntry> inventory) {
    String host = session.host();
    synchronized (lock(host)) {
      if (current.get(host) != session) {
        return null;
      }
      long started = System.nanoTime();
      boolean known = reports.rememberHost(host);
      ResyncPlanner.Plan plan =
          ResyncPlanner.plan(
              host,
              inventory,
              routing.forHost(host),
              session.kinds(),
              routing::byUid,
              reports::ackedHash,
              known);
      session.sendResync(resyncIds.incrementAndGet(), plan);
      metrics.progress().resync(System.nanoTime() - started);
      return plan;
    }
  }

  void ended(Session session) {
    open.remove(session);
    String host = session.host();
    synchronized (lock(host)) {
      if (current.remove(host, session)) {
        metrics.connectedHosts(current.size());
        presence.disconnected(host);
        if (session.localEpoch() > 0) {
          fence.release(host, session.localEpoch());
        }
      }
    }
  }

  boolean isCurrent(Session session) {
    return current.get(session.host()) == session;
  }

  List<Session> openSessions() {
    return List.copyOf(open);
  }

  /** Says goodbye to every session (the relay is stopping). */
  public void closeAll() {
    for (Session s : openSessions()) {
      s.goodbye(
          GoodbyeReason.GOODBYE_REASON_SHUTTING_DOWN,
          "the relay is shutting down",
          Status.UNAVAILABLE);
    }
  }

  void outboundCoalesced() {
    metrics.countOutboundCoalesced();
  }

  /** Counts a refusal of an authenticated host (it asked to act as another host). */
  void refused(AuthFailure reason) {
    metrics.authFailure(reason.label());
  }

  /** The figures of every host's current session, for the metrics. */
  public List<ProgressMetrics.SessionFigures> figures() {
    long now = System.nanoTime();
    return current.values().stream().map(s -> s.figures(now)).toList();
  }

  public int connectedHosts() {
    return current.size();
  }

  /** Where claim decisions and mirror reports go (set once while the relay is wired). */
  public void peers(PeerMessages handler) {
    this.peers = handler;
  }

  PeerMessages peers() {
    return peers;
  }

  /** The current session of every host whose resync is over. */
  public java.util.List<HostChannel> liveHosts() {
    return current.values().stream().filter(Session::resynced).map(s -> (HostChannel) s).toList();
  }

  @Override
  public void upsert(String host, Resource resource) {
    synchronized (lock(host)) {
      Session s = current.get(host);
      if (s != null) {
        s.offerUpsert(resource);
      }
    }
  }

  @Override
  public void delete(String host, ResourceRef ref, DeleteReason reason) {
    synchronized (lock(host)) {
      Session s = current.get(host);
      if (s != null) {
        s.offerDelete(ref, reason);
      }
    }
  }
}
