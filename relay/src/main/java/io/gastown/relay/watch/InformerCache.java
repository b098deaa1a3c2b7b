package io.gastown.relay.watch;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.Resources;
import io.gastown.relay.api.Rig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One informer per kind. Their handlers only enqueue the object's key: workers re-read the current
 * object from here, so a burst of events for one resource is one piece of work.
 */
public final class InformerCache implements ResourceCache, AutoCloseable {
  private static final String BY_RIG = "byRig";

  private final SharedIndexInformer<Rig> rigs;
  private final SharedIndexInformer<Polecat> polecats;
  private final SharedIndexInformer<Convoy> convoys;

  private InformerCache(
      SharedIndexInformer<Rig> rigs,
      SharedIndexInformer<Polecat> polecats,
      SharedIndexInformer<Convoy> convoys) {
    this.rigs = rigs;
    this.polecats = polecats;
    this.convoys = convoys;
  }

  /**
   * Creates the informers (not yet started). {@code namespace} "" watches Polecats and Convoys in
   * every namespace; Rigs are cluster-scoped and always watched cluster-wide.
   */
  public static InformerCache create(
      KubernetesClient client, String namespace, Consumer<ResourceKey> enqueue) {
    SharedIndexInformer<Rig> rigs = client.resources(Rig.class).runnableInformer(0);
    SharedIndexInformer<Polecat> polecats =
        scoped(client.resources(Polecat.class), namespace).runnableInformer(0);
    SharedIndexInformer<Convoy> convoys =
        scoped(client.resources(Convoy.class), namespace).runnableInformer(0);
    polecats.addIndexers(
        Map.of(BY_RIG, p -> rigIndex(p.getSpec() == null ? null : p.getSpec().rig())));
    convoys.addIndexers(
        Map.of(BY_RIG, c -> rigIndex(c.getSpec() == null ? null : c.getSpec().rig())));
    rigs.addEventHandler(new Enqueuer<>(enqueue));
    polecats.addEventHandler(new Enqueuer<>(enqueue));
    convoys.addEventHandler(new Enqueuer<>(enqueue));
    return new InformerCache(rigs, polecats, convoys);
  }

  private static <T extends GastownResource<?>, L extends KubernetesResourceList<T>>
      io.fabric8.kubernetes.client.dsl.Informable<T> scoped(
          MixedOperation<T, L, Resource<T>> op, String namespace) {
    return namespace.isEmpty() ? op.inAnyNamespace() : op.inNamespace(namespace);
  }

  private static List<String> rigIndex(String rig) {
    return Resources.blank(rig) ? List.of() : List.of(rig);
  }

  /** Starts the informers and waits until every one has listed its kind once. */
  public void start(Duration timeout) throws InterruptedException, TimeoutException {
    CompletableFuture<?> all =
        CompletableFuture.allOf(
            rigs.start().toCompletableFuture(),
            polecats.start().toCompletableFuture(),
            convoys.start().toCompletableFuture());
    try {
      all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot list the gastown.gastown.io custom resources (are the CRDs installed and is the"
              + " relay allowed to list and watch them?): "
              + e.getCause(),
          e.getCause());
    }
  }

  public boolean synced() {
    return rigs.hasSynced() && polecats.hasSynced() && convoys.hasSynced();
  }

  @Override
  public Optional<GastownResource<?>> get(ResourceKey key) {
    String storeKey = Cache.namespaceKeyFunc(key.namespace(), key.name());
    GastownResource<?> found =
        switch (key.kind()) {
          case RIG -> rigs.getStore().getByKey(storeKey);
          case POLECAT -> polecats.getStore().getByKey(storeKey);
          case CONVOY -> convoys.getStore().getByKey(storeKey);
          case AUTOMATON -> null; // the automaton package watches those
        };
    return Optional.ofNullable(found);
  }

  @Override
  public Optional<Rig> rig(String name) {
    return Optional.ofNullable(rigs.getStore().getByKey(name));
  }

  @Override
  public List<ResourceKey> dependantsOf(String rigName) {
    List<ResourceKey> keys = new ArrayList<>();
    polecats.getIndexer().byIndex(BY_RIG, rigName).forEach(p -> keys.add(ResourceKey.of(p)));
    convoys.getIndexer().byIndex(BY_RIG, rigName).forEach(c -> keys.add(ResourceKey.of(c)));
    return keys;
  }

  @Override
  public List<ResourceKey> allKeys() {
    List<ResourceKey> keys = new ArrayList<>();
    addKeys(rigs, keys, ResourceKey::of);
    addKeys(polecats, keys, ResourceKey::of);
    addKeys(convoys, keys, ResourceKey::of);
    return keys;
  }

  private static <T> void addKeys(
      SharedIndexInformer<T> informer, List<ResourceKey> keys, Function<T, ResourceKey> keyOf) {
    informer.getStore().list().forEach(o -> keys.add(keyOf.apply(o)));
  }

  @Override
  public void close() {
    rigs.close();
    polecats.close();
    convoys.close();
  }

  /** The only thing an informer callback does: enqueue the key. */
  private record Enqueuer<T extends GastownResource<?>>(Consumer<ResourceKey> enqueue)
      implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T obj) {
      enqueue.accept(ResourceKey.of(obj));
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      enqueue.accept(ResourceKey.of(newObj));
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      enqueue.accept(ResourceKey.of(obj));
    }
  }
}
