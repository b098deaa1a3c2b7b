package io.gastown.bench.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Watches CRs as a user's {@code kubectl get -w} would and records, per object, each change of
 * {@code status.phase} with the wall-clock time the harness saw it (µs). An informer in the harness
 * JVM adds ≈ 0.5 ms (the mock API's watch hop) to every status latency measured with it.
 */
public final class StatusTracker implements AutoCloseable {
  /** A phase an object entered, and when the harness saw it. */
  public record Transition(String phase, long micros) {}

  private final Map<String, List<Transition>> byName = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

  public StatusTracker(KubernetesClient client, ResourceDefinitionContext... kinds) {
    for (ResourceDefinitionContext kind : kinds) {
      var op = client.genericKubernetesResources(kind);
      SharedIndexInformer<GenericKubernetesResource> informer =
          (kind.isNamespaceScoped() ? op.inAnyNamespace() : op).inform(handler(kind), 0);
      informers.add(informer);
    }
  }

  /** The key of an object: {@code <plural>/<name>} or {@code <plural>/<namespace>/<name>}. */
  public static String key(ResourceDefinitionContext kind, String namespace, String name) {
    return kind.isNamespaceScoped()
        ? kind.getPlural() + "/" + namespace + "/" + name
        : kind.getPlural() + "/" + name;
  }

  private ResourceEventHandler<GenericKubernetesResource> handler(ResourceDefinitionContext kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource obj) {
        record(kind, obj);
      }

      @Override
      public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
        record(kind, newObj);
      }

      @Override
      public void onDelete(GenericKubernetesResource obj, boolean unknown) {
        byName.remove(key(kind, obj.getMetadata().getNamespace(), obj.getMetadata().getName()));
      }
    };
  }

  private void record(ResourceDefinitionContext kind, GenericKubernetesResource obj) {
    long now = nowMicros();
    String phase = phase(obj);
    List<Transition> list =
        byName.computeIfAbsent(
            key(kind, obj.getMetadata().getNamespace(), obj.getMetadata().getName()),
            k -> new CopyOnWriteArrayList<>());
    if (list.isEmpty() || !list.get(list.size() - 1).phase().equals(phase)) {
      list.add(new Transition(phase, now));
    }
  }

  @SuppressWarnings("unchecked")
  static String phase(GenericKubernetesResource obj) {
    Object status = obj.getAdditionalProperties().get("status");
    if (status instanceof Map<?, ?> m && m.get("phase") != null) {
      return String.valueOf(((Map<String, Object>) m).get("phase"));
    }
    return "";
  }

  /** The current phase ("" before the first status). */
  public String phaseOf(String key) {
    List<Transition> list = byName.get(key);
    return list == null || list.isEmpty() ? "" : list.get(list.size() - 1).phase();
  }

  /** How many objects of a kind are currently in a phase matching {@code phase}. */
  public long count(String plural, Predicate<String> phase) {
    return byName.entrySet().stream()
        .filter(e -> e.getKey().startsWith(plural + "/"))
        .filter(e -> !e.getValue().isEmpty())
        .filter(e -> phase.test(e.getValue().get(e.getValue().size() - 1).phase()))
        .count();
  }

  /** When the harness first saw the object (its ADDED event), if it has. */
  public Optional<Long> firstSeen(String key) {
    List<Transition> list = byName.get(key);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0).micros());
  }

  /** When the object first entered {@code phase} at or after {@code afterMicros}. */
  public Optional<Long> enteredAfter(String key, String phase, long afterMicros) {
    List<Transition> list = byName.getOrDefault(key, List.of());
    return list.stream()
        .filter(t -> t.phase().equals(phase) && t.micros() >= afterMicros)
        .map(Transition::micros)
        .findFirst();
  }

  /** Waits (up to {@code timeout}) for {@link #enteredAfter}. */
  public Optional<Long> awaitEntered(String key, String phase, long afterMicros, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Long> t = enteredAfter(key, phase, afterMicros);
      if (t.isPresent()) {
        return t;
      }
      sleepMillis(2);
    }
    return Optional.empty();
  }

  /** Waits until {@code count(plural, phase) >= n}; false on timeout. */
  public boolean awaitCount(String plural, Predicate<String> phase, long n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (count(plural, phase) >= n) {
        return true;
      }
      sleepMillis(20);
    }
    return false;
  }

  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  static void sleepMillis(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops watching (idempotent). */
  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }
}
