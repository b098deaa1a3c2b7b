package io.gastown.relay.mirror;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gastown.proto.v1.MirrorReport;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.session.HostChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The town mirrored into Kubernetes, per host that declared {@code mirror}: each complete report of
 * a live session (one whose resync is over, so the host knew every CR of this cluster when it built
 * the report) is made true — CRs created for town objects without one, their specs kept current,
 * and deleted when they leave the town. Reports of an ended or superseded session are dropped, so
 * nothing is deleted on a stale or partial view. One thread applies them, the newest report of a
 * host winning; a failed pass is tried again after a pause.
 */
public final class Mirror implements AutoCloseable {
  public static final String CAPABILITY = "mirror";
  private static final Logger LOG = LoggerFactory.getLogger(Mirror.class);
  private static final long RETRY_MILLIS = 2_000;

  /** How often the last applied report of each live session is made true again. */
  static final long REAPPLY_MILLIS = 5_000;

  private final MirrorWriter writer;
  private final String namespace;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "relay-mirror");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Latest> latest = new ConcurrentHashMap<>();
  // the last report applied per host: applied again now and then, so a mirrored CR someone
  // deleted (or changed) comes back while its object is still in the town
  private final Map<String, Latest> applied = new ConcurrentHashMap<>();

  private record Latest(HostChannel from, MirrorReport report) {}

  public Mirror(KubernetesClient client, String namespace) {
    this(new Fabric8MirrorWriter(client), namespace);
  }

  Mirror(MirrorWriter writer, String namespace) {
    this.writer = writer;
    this.namespace = namespace;
    thread.scheduleWithFixedDelay(
        this::reapply, REAPPLY_MILLIS, REAPPLY_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void reapply() {
    applied.forEach(
        (host, l) -> {
          if (!l.from().current()) {
            applied.remove(host, l); // its session ended: a new one sends a new report
          } else {
            latest.putIfAbsent(host, l);
            apply(host);
          }
        });
  }

  /** A mirror report from a session; called on gRPC's thread. */
  public void report(HostChannel from, MirrorReport report) {
    if (!report.getComplete()
        || !from.capabilities().contains(CAPABILITY)
        || !from.resynced()
        || !from.current()) {
      LOG.debug(
          "host {}: ignored a mirror report (partial, not declared, or not live)", from.host());
      return;
    }
    latest.put(from.host(), new Latest(from, report));
    submit(from.host(), 0);
  }

  private void submit(String host, long delayMillis) {
    try {
      thread.schedule(() -> apply(host), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the relay is stopping
    }
  }

  private void apply(String host) {
    Latest l = latest.get(host);
    if (l == null || !l.from().current()) {
      return; // nothing new, or its session is gone: never act on it
    }
    Map<ResourceKey, GastownResource<?>> desired =
        MirrorObjects.desired(host, namespace, l.report());
    try {
      MirrorDiff diff = MirrorDiff.of(desired, writer.mirrorsOf(host, namespace));
      for (GastownResource<?> cr : diff.creates()) {
        refusable(
            host,
            cr,
            () -> {
              if (!writer.create(cr)) {
                LOG.warn(
                    "mirror of host {}: {} is taken by a resource that is not this host's mirror",
                    host,
                    ResourceKey.of(cr));
              }
            });
      }
      for (MirrorDiff.Update u : diff.updates()) {
        refusable(host, u.desired(), () -> writer.updateSpec(u.live(), u.desired()));
      }
      for (GastownResource<?> cr : diff.deletes()) {
        writer.delete(cr);
      }
      if (!diff.isEmpty()) {
        LOG.info(
            "mirror of host {}: {} created, {} updated, {} deleted",
            host,
            diff.creates().size(),
            diff.updates().size(),
            diff.deletes().size());
      }
      latest.remove(host, l);
      applied.put(host, l);
    } catch (KubernetesClientException e) {
      LOG.warn("mirror of host {}: {}; trying again", host, e.getMessage());
      submit(host, RETRY_MILLIS);
    }
  }

  /**
   * A write the API server may refuse for its content (422: the CRD's schema or CEL rules): that
   * object stays out of the mirror, the others go on; retrying would not help.
   */
  private static void refusable(String host, GastownResource<?> cr, Runnable write) {
    try {
      write.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != UNPROCESSABLE) {
        throw e;
      }
      LOG.warn(
          "mirror of host {}: the API server refused {}: {}",
          host,
          ResourceKey.of(cr),
          e.getMessage());
    }
  }

  private static final int UNPROCESSABLE = 422;

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
