package io.gastown.agent.report;

import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.Event;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Delivers statuses to one relay: one entry per resource (newest wins, so memory is bounded by the
 * number of resources), sent only when it differs from what the relay last acknowledged, kept until
 * acknowledged and resent with jittered backoff or after a reconnect. Events ride inside reports
 * and stay attached to the resource until a report carrying them is acknowledged, so a coalesced or
 * lost report loses none.
 */
public final class StatusReporter {
  static final int MAX_EVENTS_PER_RESOURCE = 20;
  static final Duration RESEND_BASE = Duration.ofSeconds(2);
  static final Duration RESEND_CAP = Duration.ofSeconds(30);

  private final ReportTransport transport;
  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private final Map<String, Entry> entries = new HashMap<>();
  private final Set<String> dirty = new LinkedHashSet<>();
  private long seq;
  private boolean online;
  private long coalesced;
  private long eventsDropped;
  private volatile LongConsumer lagListener = nanos -> {};

  /** Everything known about one resource's reporting. */
  private static final class Entry {
    StatusReport latest;
    String latestHash = "";
    String ackedHash = "";
    final List<Event> events = new ArrayList<>();
    boolean wanted;
    long inflightSeq;
    String inflightHash = "";
    int inflightEvents;
    long resendAtNanos;
    int attempts;
    boolean lagging;
    long changedAtNanos;
  }

  public StatusReporter(ReportTransport transport, LongSupplier nanoTime, RandomGenerator random) {
    this.transport = transport;
    this.nanoTime = nanoTime;
    this.random = random;
  }

  /** The newest status of a resource (without seq and events). Sent when it is news. */
  public synchronized void offer(StatusReport status) {
    String uid = status.getRef().getUid();
    Entry e = entries.computeIfAbsent(uid, k -> new Entry());
    // An equal status has the same hash: comparing is cheaper than serialising and hashing, and
    // most offers repeat the last status.
    String hash = status.equals(e.latest) ? e.latestHash : StatusHash.of(status);
    boolean changed = !hash.equals(e.latestHash);
    if (changed && e.latest != null && (dirty.contains(uid) || e.inflightSeq != 0)) {
      coalesced++; // newest wins: the replaced status will never be acknowledged
    }
    e.latest = status;
    e.latestHash = hash;
    if (changed && !e.lagging && !hash.equals(e.ackedHash)) {
      e.lagging = true; // the relay's CR falls behind the town from now on
      e.changedAtNanos = nanoTime.getAsLong();
    }
    if (e.inflightSeq != 0) {
      if (changed || e.events.size() > e.inflightEvents) {
        dirty.add(uid);
      }
    } else if (!hash.equals(e.ackedHash) || !e.events.isEmpty() || e.wanted) {
      dirty.add(uid);
    }
    flush();
  }

  /** Attaches an event to the resource's next report. */
  public synchronized void event(String uid, Event event) {
    Entry e = entries.computeIfAbsent(uid, k -> new Entry());
    if (e.events.size() >= MAX_EVENTS_PER_RESOURCE) {
      e.events.remove(0);
      eventsDropped++;
    }
    e.events.add(event);
    if (e.latest != null) {
      dirty.add(uid);
      flush();
    }
  }

  /** The relay answered a report. */
  public synchronized void ack(StatusAck ack) {
    Entry e = entries.get(ack.getUid());
    if (e == null || ack.getSeq() != e.inflightSeq) {
      return; // stale: a newer report of this resource is on its way
    }
    if (ack.getResult() == AckResult.ACK_RESULT_RETRY) {
      e.resendAtNanos = nanoTime.getAsLong() + jittered(e.attempts).toNanos();
      return;
    }
    // Written, unchanged, gone or refused: settled. Gone/refused are remembered as settled too, so
    // the same status is not offered to the relay again and again.
    e.events.subList(0, Math.min(e.inflightEvents, e.events.size())).clear();
    e.ackedHash = sentHash(e);
    e.inflightSeq = 0;
    e.inflightEvents = 0;
    e.attempts = 0;
    if (ack.getResult() == AckResult.ACK_RESULT_GONE
        || ack.getResult() == AckResult.ACK_RESULT_REFUSED) {
      e.events.clear();
      e.lagging = false;
    } else if (e.lagging && e.ackedHash.equals(e.latestHash)) {
      e.lagging = false;
      lagListener.accept(nanoTime.getAsLong() - e.changedAtNanos);
    }
    if (!e.latestHash.equals(e.ackedHash) || !e.events.isEmpty()) {
      dirty.add(ack.getUid());
    }
    flush();
  }

  /**
   * The stream is (or is no longer) ready for reports. Going online resends every report not yet
   * acknowledged: the previous stream may have lost it.
   */
  public synchronized void online(boolean isOnline) {
    this.online = isOnline;
    if (isOnline) {
      entries.forEach(
          (uid, e) -> {
            if (e.inflightSeq != 0) {
              dirty.add(uid);
            }
          });
      flush();
    }
  }

  /** The relay asks for these statuses again, even when unchanged. */
  public synchronized void wanted(Collection<String> uids) {
    for (String uid : uids) {
      Entry e = entries.computeIfAbsent(uid, k -> new Entry());
      e.wanted = true;
      e.ackedHash = "";
      if (e.latest != null) {
        dirty.add(uid);
      }
    }
    flush();
  }

  /** The relay asks for every status again. */
  public synchronized void wantedAll() {
    wanted(new ArrayList<>(entries.keySet()));
  }

  /** The resource left this relay's view: forget it. */
  public synchronized void forget(String uid) {
    entries.remove(uid);
    dirty.remove(uid);
  }

  /** Hash of the last acknowledged status, for Hello's inventory; empty when none. */
  public synchronized String ackedHash(String uid) {
    Entry e = entries.get(uid);
    return e == null ? "" : e.ackedHash;
  }

  /**
   * Tells {@code lagNanos} the status lag of every resource the relay catches up with: the time
   * from the first status change it had not acknowledged to the acknowledgement (written or
   * unchanged) of a report carrying the newest status. Coalesced intermediate statuses do not
   * restart the clock, so the figure is how far behind the CR was.
   */
  public void onStatusLag(LongConsumer lagNanos) {
    this.lagListener = lagNanos;
  }

  /** Reports waiting to be sent or acknowledged. */
  public synchronized int pending() {
    int n = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (dirty.contains(e.getKey()) || e.getValue().inflightSeq != 0) {
        n++;
      }
    }
    return n;
  }

  /** Statuses replaced by a newer one before the relay acknowledged them (newest wins). */
  public synchronized long coalesced() {
    return coalesced;
  }

  /** Events dropped because a resource had {@value #MAX_EVENTS_PER_RESOURCE} unacknowledged. */
  public synchronized long eventsDropped() {
    return eventsDropped;
  }

  /** Resends reports whose acknowledgement is overdue; call every second or so. */
  public synchronized void tick() {
    long now = nanoTime.getAsLong();
    entries.forEach(
        (uid, e) -> {
          if (e.inflightSeq != 0 && now - e.resendAtNanos >= 0) {
            dirty.add(uid);
          }
        });
    flush();
  }

  /** The last status offered for a resource (tests and mirror). */
  public synchronized Optional<StatusReport> latest(String uid) {
    Entry e = entries.get(uid);
    return e == null ? Optional.empty() : Optional.ofNullable(e.latest);
  }

  private void flush() {
    if (!online) {
      return;
    }
    Iterator<String> it = dirty.iterator();
    while (it.hasNext()) {
      Entry e = entries.get(it.next());
      if (e == null || e.latest == null) {
        it.remove();
        continue;
      }
      StatusReport report =
          e.latest.toBuilder().setSeq(++seq).clearEvents().addAllEvents(e.events).build();
      if (!transport.send(report)) {
        return;
      }
      it.remove();
      e.wanted = false;
      e.inflightSeq = report.getSeq();
      e.inflightEvents = e.events.size();
      e.inflightHash = e.latestHash;
      e.resendAtNanos = nanoTime.getAsLong() + jittered(e.attempts++).toNanos();
    }
  }

  private static String sentHash(Entry e) {
    return e.inflightHash;
  }

  private Duration jittered(int attempts) {
    long exp = RESEND_BASE.toMillis() << Math.min(attempts, 10);
    long d = Math.min(RESEND_CAP.toMillis(), exp);
    return Duration.ofMillis(d / 2 + random.nextLong(d / 2 + 1));
  }
}
