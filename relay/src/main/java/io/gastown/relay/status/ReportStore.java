package io.gastown.relay.status;

import io.gastown.proto.v1.Event;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.convert.StatusHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relay's memory of status reports, in memory only (a restarted relay asks every host for
 * everything again):
 *
 * <ul>
 *   <li>pending: reports waiting for a worker, coalesced per uid (newest wins, events add up);
 *   <li>accepted: the last report written or found unchanged per uid, and its hash, from which the
 *       CR status is rebuilt (so a status edited by someone else is repaired) and resync decides
 *       which statuses to ask for again;
 *   <li>the hosts that held a session since the relay started.
 * </ul>
 */
public final class ReportStore {

  /** A report waiting for a worker. {@code events} are those of every report it replaced too. */
  public record Pending(
      StatusReport report, List<Event> events, ReportOrigin origin, long receivedNanos) {}

  private record Accepted(StatusReport report, String hash) {}

  private final Map<String, Pending> pending = new HashMap<>();
  private final Map<String, Accepted> accepted = new HashMap<>();
  private final Set<String> knownHosts = new HashSet<>();

  public synchronized void offer(String uid, StatusReport report, ReportOrigin origin) {
    Pending old = pending.get(uid);
    Map<String, Event> events = new LinkedHashMap<>();
    if (old != null) {
      old.events().forEach(e -> events.put(e.getId(), e));
    }
    report.getEventsList().forEach(e -> events.putIfAbsent(e.getId(), e));
    // a coalesced report keeps the oldest receipt: the status lag runs from there
    long received = old != null ? old.receivedNanos() : System.nanoTime();
    pending.put(uid, new Pending(report, new ArrayList<>(events.values()), origin, received));
  }

  public synchronized Optional<Pending> takePending(String uid) {
    return Optional.ofNullable(pending.remove(uid));
  }

  /** The last accepted report of a resource, without seq and events. */
  public synchronized Optional<StatusReport> accepted(String uid) {
    Accepted a = accepted.get(uid);
    return a == null ? Optional.empty() : Optional.of(a.report());
  }

  public synchronized void accept(String uid, StatusReport report) {
    StatusReport normalised = StatusHash.normalise(report);
    accepted.put(uid, new Accepted(normalised, StatusHash.of(normalised)));
  }

  /** The hash of the last accepted report ("" when none), as the agent's inventory holds it. */
  public synchronized String ackedHash(String uid) {
    Accepted a = accepted.get(uid);
    return a == null ? "" : a.hash();
  }

  /** Forgets a resource (deleted, or routed elsewhere); returns a report that was waiting. */
  public synchronized Optional<Pending> forget(String uid) {
    accepted.remove(uid);
    return Optional.ofNullable(pending.remove(uid));
  }

  /**
   * Forgets a host and the accepted reports of its resources (another relay replica holds its
   * session now); its next session here asks for every status again.
   */
  public synchronized void forgetHost(String host, java.util.Collection<String> uids) {
    knownHosts.remove(host);
    uids.forEach(accepted::remove);
  }

  /** Records that a host held a session; returns whether it had before. */
  public synchronized boolean rememberHost(String host) {
    return !knownHosts.add(host);
  }
}
