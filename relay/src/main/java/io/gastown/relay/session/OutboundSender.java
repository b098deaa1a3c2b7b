package io.gastown.relay.session;

import io.gastown.proto.v1.RelayMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one writer of a session's stream (a StreamObserver is not thread-safe). Messages wait in an
 * ordered map: a message with a coalescing key (a resource's desired state, its acknowledgement,
 * the heartbeat) replaces the waiting one of the same key in place, so the newest state wins and
 * the queue holds at most one entry per resource. Sending follows the transport's flow control
 * (isReady / onReady); a Goodbye and the close go out regardless, after the queue is dropped.
 */
final class OutboundSender {
  /** More waiting messages than this means the agent stopped reading: close the stream. */
  static final int MAX_QUEUED = 100_000;

  private final ServerCallStreamObserver<RelayMessage> call;
  private final Object lock = new Object();
  private final LinkedHashMap<Object, RelayMessage> queue = new LinkedHashMap<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Runnable onCoalesced;
  private Status terminal;
  private boolean closed;

  OutboundSender(ServerCallStreamObserver<RelayMessage> call) {
    this(call, () -> {});
  }

  /** {@code onCoalesced} is told each time a waiting message is replaced by a newer one. */
  OutboundSender(ServerCallStreamObserver<RelayMessage> call, Runnable onCoalesced) {
    this.call = call;
    this.onCoalesced = onCoalesced;
    call.setOnReadyHandler(this::drain);
  }

  void send(RelayMessage message) {
    enqueue(new Object(), message);
  }

  /** Sends, replacing a still-waiting message with the same key. */
  void sendCoalesced(String key, RelayMessage message) {
    enqueue(key, message);
  }

  private void enqueue(Object key, RelayMessage message) {
    boolean overflow;
    boolean replaced;
    synchronized (lock) {
      if (terminal != null || closed) {
        return;
      }
      replaced = queue.put(key, message) != null;
      overflow = queue.size() > MAX_QUEUED;
    }
    if (replaced) {
      onCoalesced.run();
    }
    if (overflow) {
      finish(
          null,
          Status.RESOURCE_EXHAUSTED.withDescription(
              "more than " + MAX_QUEUED + " messages wait for the host agent to read them"));
      return;
    }
    drain();
  }

  /** Drops what waits, sends {@code last} (if any) and ends the stream with {@code status}. */
  void finish(RelayMessage last, Status status) {
    synchronized (lock) {
      if (terminal != null || closed) {
        return;
      }
      queue.clear();
      if (last != null) {
        queue.put(new Object(), last);
      }
      terminal = status;
    }
    drain();
  }

  /** The call is gone (cancelled by the peer or the transport): stop sending. */
  void cancelled() {
    synchronized (lock) {
      closed = true;
      queue.clear();
    }
  }

  boolean closed() {
    synchronized (lock) {
      return closed || terminal != null;
    }
  }

  int waiting() {
    synchronized (lock) {
      return queue.size();
    }
  }

  private void drain() {
    while (draining.compareAndSet(false, true)) {
      try {
        drainWhileReady();
      } finally {
        draining.set(false);
      }
      if (!workLeft()) {
        return;
      }
    }
  }

  // Another thread may have enqueued while this one held the drain: look again before leaving.
  private boolean workLeft() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      return terminal != null || (!queue.isEmpty() && call.isReady());
    }
  }

  private void drainWhileReady() {
    while (true) {
      RelayMessage next = null;
      Status end = null;
      synchronized (lock) {
        if (closed) {
          return;
        }
        if (queue.isEmpty()) {
          if (terminal == null) {
            return;
          }
          end = terminal;
          closed = true;
        } else if (terminal == null && !call.isReady()) {
          return;
        } else {
          Iterator<Map.Entry<Object, RelayMessage>> first = queue.entrySet().iterator();
          next = first.next().getValue();
          first.remove();
        }
      }
      try {
        if (end != null) {
          if (end.isOk()) {
            call.onCompleted();
          } else {
            call.onError(end.asRuntimeException());
          }
          return;
        }
        call.onNext(next);
      } catch (RuntimeException e) {
        cancelled(); // the call was cancelled under us; nothing more can be sent
        return;
      }
    }
  }
}
