package io.gastown.relay.automaton;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.gastown.relay.api.ResourceKey;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Automatons only while their CRD exists: an informer on the one CRD by name starts the
 * Automaton informer when the CRD appears (also long after the relay started) and stops it when the
 * CRD goes. Like the other informers, its handlers only enqueue keys.
 */
final class AutomatonWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutomatonWatch.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Consumer<ResourceKey> enqueue;
  private SharedIndexInformer<CustomResourceDefinition> crds;
  private volatile SharedIndexInformer<GenericKubernetesResource> automatons;

  AutomatonWatch(KubernetesClient client, String namespace, Consumer<ResourceKey> enqueue) {
    this.client = client;
    this.namespace = namespace;
    this.enqueue = enqueue;
  }

  synchronized void start() {
    crds =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(AutomatonNames.CRD_NAME)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(CustomResourceDefinition crd) {
                    watch();
                  }

                  @Override
                  public void onUpdate(CustomResourceDefinition old, CustomResourceDefinition crd) {
                    watch();
                  }

                  @Override
                  public void onDelete(CustomResourceDefinition crd, boolean unknownFinalState) {
                    unwatch();
                  }
                });
  }

  /** Whether the CRD exists and its Automatons are being watched. */
  boolean watching() {
    return automatons != null;
  }

  private synchronized void watch() {
    if (automatons != null) {
      return;
    }
    LOG.info("the {} CRD exists: watching Automatons", AutomatonNames.CRD_NAME);
    var ops = client.genericKubernetesResources(AutomatonNames.CONTEXT);
    SharedIndexInformer<GenericKubernetesResource> informer =
        (namespace.isEmpty() ? ops.inAnyNamespace() : ops.inNamespace(namespace))
            .runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource obj) {
            enqueue.accept(key(obj));
          }

          @Override
          public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource obj) {
            enqueue.accept(key(obj));
          }

          @Override
          public void onDelete(GenericKubernetesResource obj, boolean unknownFinalState) {
            enqueue.accept(key(obj));
          }
        });
    automatons = informer;
    informer.start(); // asynchronous: never block an informer callback
  }

  private synchronized void unwatch() {
    SharedIndexInformer<GenericKubernetesResource> informer = automatons;
    if (informer == null) {
      return;
    }
    LOG.info("the {} CRD is gone: no longer watching Automatons", AutomatonNames.CRD_NAME);
    List<ResourceKey> known = keys();
    automatons = null;
    informer.close();
    known.forEach(enqueue); // each is now gone: its host is told
  }

  private static ResourceKey key(GenericKubernetesResource obj) {
    return AutomatonView.key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
  }

  Optional<GenericKubernetesResource> get(ResourceKey key) {
    SharedIndexInformer<GenericKubernetesResource> informer = automatons;
    if (informer == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        informer.getStore().getByKey(Cache.namespaceKeyFunc(key.namespace(), key.name())));
  }

  List<ResourceKey> keys() {
    SharedIndexInformer<GenericKubernetesResource> informer = automatons;
    return informer == null
        ? List.of()
        : informer.getStore().list().stream().map(AutomatonWatch::key).toList();
  }

  @Override
  public synchronized void close() {
    if (crds != null) {
      crds.close();
    }
    if (automatons != null) {
      automatons.close();
      automatons = null;
    }
  }
}
