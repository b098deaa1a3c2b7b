package io.gastown.relay.automaton;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gastown.relay.status.KubeWriter;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link AutomatonWriter} over fabric8: PUTs carrying the object's resourceVersion. */
final class Fabric8AutomatonWriter implements AutomatonWriter {
  private static final int UNPROCESSABLE = 422;
  private final KubernetesClient client;

  Fabric8AutomatonWriter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public KubeWriter.Outcome setClaim(GenericKubernetesResource live, String host) {
    GenericKubernetesResource copy = client.getKubernetesSerialization().clone(live);
    Map<String, String> annotations =
        copy.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(copy.getMetadata().getAnnotations());
    if (host.isEmpty()) {
      annotations.remove(AutomatonNames.CLAIMED_BY);
    } else {
      annotations.put(AutomatonNames.CLAIMED_BY, host);
    }
    copy.getMetadata().setAnnotations(annotations);
    return outcome(() -> ops(copy).update());
  }

  @Override
  public KubeWriter.Outcome writeStatus(
      GenericKubernetesResource live, Map<String, Object> status) {
    GenericKubernetesResource copy = client.getKubernetesSerialization().clone(live);
    copy.getAdditionalProperties().put("status", status);
    return outcome(() -> ops(copy).updateStatus());
  }

  @Override
  public Optional<GenericKubernetesResource> fetch(String namespace, String name) {
    return Optional.ofNullable(
        client
            .genericKubernetesResources(AutomatonNames.CONTEXT)
            .inNamespace(namespace)
            .withName(name)
            .get());
  }

  private io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> ops(
      GenericKubernetesResource r) {
    return client
        .genericKubernetesResources(AutomatonNames.CONTEXT)
        .inNamespace(r.getMetadata().getNamespace())
        .resource(r);
  }

  private static KubeWriter.Outcome outcome(Supplier<?> write) {
    try {
      write.get();
      return KubeWriter.Outcome.DONE;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return KubeWriter.Outcome.CONFLICT;
      }
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return KubeWriter.Outcome.GONE;
      }
      if (e.getCode() == UNPROCESSABLE) {
        return KubeWriter.Outcome.INVALID;
      }
      throw e;
    }
  }
}
