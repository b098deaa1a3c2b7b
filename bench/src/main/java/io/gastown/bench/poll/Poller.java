package io.gastown.bench.poll;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gastown.bench.kube.StatusTracker;
import io.gastown.testkit.CliResult;
import io.gastown.testkit.StandInTown;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The comparator: the original Gas Town operator's design, reduced to what the figures need. Every
 * resource is a key that a worker reconciles by running ONE {@code gt} command about that resource
 * ({@code gt rig status <rig>}, {@code gt polecat status <rig>/<name> --json}), writes the result
 * to the resource's status (every pass, as the original's {@code Status().Update} does), and
 * requeues the key after a fixed delay (controller-runtime's {@code RequeueAfter}). At most {@code
 * workers} keys run at once ({@code MaxConcurrentReconciles}; the original rig controller uses 3).
 *
 * <p>It is part of the harness, not of the product. Its statuses go to a bench-only CRD ({@code
 * polledstatuses.bench.gastown.io}) so it never fights the relay over the real CRs, at the same API
 * cost.
 */
public final class Poller implements AutoCloseable {
  public static final ResourceDefinitionContext POLLED =
      new ResourceDefinitionContext.Builder()
          .withGroup("bench.gastown.io")
          .withVersion("v1")
          .withKind("PolledStatus")
          .withPlural("polledstatuses")
          .withNamespaced(false)
          .build();

  /** One resource the comparator polls: the command and how to read a phase from its output. */
  public record Target(String key, List<String> gtArgs, Function<CliResult, String> phase) {}

  private final StandInTown town;
  private final KubernetesClient client;
  private final Duration requeue;
  private final ScheduledExecutorService workers;
  private final AtomicLong spawns = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final Map<String, List<StatusTracker.Transition>> transitions = new ConcurrentHashMap<>();
  private final Map<String, GenericKubernetesResource> objects = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public Poller(StandInTown town, KubernetesClient client, Duration requeue, int workers) {
    this.town = town;
    this.client = client;
    this.requeue = requeue;
    this.workers =
        Executors.newScheduledThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "poller");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts polling a resource now, then every {@code requeue} after each pass ends. */
  public void add(Target target) {
    GenericKubernetesResource obj = new GenericKubernetesResource();
    obj.setApiVersion("bench.gastown.io/v1");
    obj.setKind("PolledStatus");
    obj.setMetadata(new ObjectMetaBuilder().withName(objectName(target.key())).build());
    objects.put(target.key(), client.genericKubernetesResources(POLLED).resource(obj).create());
    transitions.put(target.key(), new CopyOnWriteArrayList<>());
    workers.execute(() -> reconcile(target));
  }

  private void reconcile(Target target) {
    if (closed) {
      return;
    }
    try {
      spawns.incrementAndGet();
      CliResult result = town.gt(target.gtArgs().toArray(String[]::new));
      String phase = target.phase().apply(result);
      GenericKubernetesResource obj = objects.get(target.key());
      obj.setAdditionalProperty("status", Map.of("phase", phase));
      objects.put(
          target.key(), client.genericKubernetesResources(POLLED).resource(obj).updateStatus());
      writes.incrementAndGet();
      long now = StatusTracker.nowMicros();
      List<StatusTracker.Transition> list = transitions.get(target.key());
      if (list.isEmpty() || !list.get(list.size() - 1).phase().equals(phase)) {
        list.add(new StatusTracker.Transition(phase, now));
      }
    } catch (RuntimeException e) {
      // a failed pass is retried at the next requeue, as a controller would
    } finally {
      if (!closed) {
        workers.schedule(() -> reconcile(target), requeue.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** gt processes started so far. */
  public long spawns() {
    return spawns.get();
  }

  /** Status writes so far. */
  public long statusWrites() {
    return writes.get();
  }

  public String phaseOf(String key) {
    List<StatusTracker.Transition> list = transitions.getOrDefault(key, List.of());
    return list.isEmpty() ? "" : list.get(list.size() - 1).phase();
  }

  /** When this resource's written status first showed {@code phase} at or after a time. */
  public Optional<Long> enteredAfter(String key, String phase, long afterMicros) {
    return transitions.getOrDefault(key, List.of()).stream()
        .filter(t -> t.phase().equals(phase) && t.micros() >= afterMicros)
        .map(StatusTracker.Transition::micros)
        .findFirst();
  }

  /** Whether every resource has had at least one pass. */
  public boolean allPolledOnce() {
    return transitions.values().stream().noneMatch(List::isEmpty);
  }

  /** The phase of {@code gt rig status <rig>}'s text ("Status: OPERATIONAL") as the CRD says it. */
  public static String rigPhase(CliResult r) {
    if (!r.ok()) {
      return "Error";
    }
    return r.lines().stream()
        .map(String::trim)
        .filter(l -> l.startsWith("Status:"))
        .findFirst()
        // "Status: PARKED (local)": the first word is the state
        .map(l -> l.substring("Status:".length()).trim().split(" ")[0])
        .map(w -> w.toLowerCase(java.util.Locale.ROOT))
        .map(
            s ->
                switch (s) {
                  case "operational" -> "Ready";
                  case "parked" -> "Parked";
                  case "docked" -> "Docked";
                  default -> "Unknown";
                })
        .orElse("Unknown");
  }

  /** The phase of {@code gt polecat status --json}'s "state" ("stalled" → "Stalled"). */
  public static String polecatPhase(CliResult r) {
    if (!r.ok()) {
      return "Error";
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"state\"\\s*:\\s*\"([a-z]+)\"").matcher(r.stdout());
    if (!m.find()) {
      return "Unknown";
    }
    String s = m.group(1);
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String objectName(String key) {
    return key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
  }

  @Override
  public void close() {
    closed = true;
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
