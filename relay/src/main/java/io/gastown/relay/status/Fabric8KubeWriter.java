package io.gastown.relay.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.GastownStatus;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.Rig;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link KubeWriter} over fabric8: PUTs with the object's resourceVersion. */
public final class Fabric8KubeWriter implements KubeWriter {
  private static final Logger LOG = LoggerFactory.getLogger(Fabric8KubeWriter.class);
  private final KubernetesClient client;

  public Fabric8KubeWriter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public <S extends GastownStatus<S>> Outcome writeStatus(GastownResource<S> live, S status) {
    GastownResource<S> copy = copyOf(live);
    copy.setStatus(status);
    return outcome(() -> typed(copy).updateStatus());
  }

  @Override
  public Outcome setFinalizer(GastownResource<?> live, boolean present) {
    GastownResource<?> copy = copyOf(live);
    List<String> finalizers =
        copy.getMetadata().getFinalizers() == null
            ? new ArrayList<>()
            : new ArrayList<>(copy.getMetadata().getFinalizers());
    finalizers.remove(GastownNames.FINALIZER);
    if (present) {
      finalizers.add(GastownNames.FINALIZER);
    }
    copy.getMetadata().setFinalizers(finalizers);
    return outcome(() -> typed(copy).update());
  }

  @Override
  public Optional<GastownResource<?>> fetch(ResourceKey key) {
    GastownResource<?> found =
        switch (key.kind()) {
          case RIG -> client.resources(Rig.class).withName(key.name()).get();
          case POLECAT ->
              client
                  .resources(Polecat.class)
                  .inNamespace(key.namespace())
                  .withName(key.name())
                  .get();
          case CONVOY ->
              client
                  .resources(Convoy.class)
                  .inNamespace(key.namespace())
                  .withName(key.name())
                  .get();
          case AUTOMATON -> null; // not a GastownResource: the automaton package writes those
        };
    return Optional.ofNullable(found);
  }

  @Override
  public boolean createEvent(Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  // typed operations, so fabric8 reads the answer back into our classes
  @SuppressWarnings("unchecked")
  private <T extends GastownResource<?>> Resource<T> typed(T resource) {
    Class<T> type = (Class<T>) resource.getClass();
    return client.resources(type).resource(resource);
  }

  private <T extends GastownResource<?>> T copyOf(T live) {
    return client.getKubernetesSerialization().clone(live);
  }

  private static final int UNPROCESSABLE = 422;

  private static Outcome outcome(Supplier<?> write) {
    try {
      write.get();
      return Outcome.DONE;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return Outcome.CONFLICT;
      }
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return Outcome.GONE;
      }
      if (e.getCode() == UNPROCESSABLE) {
        LOG.warn("the API server rejected a write: {}", e.getMessage());
        return Outcome.INVALID;
      }
      throw e;
    }
  }
}
