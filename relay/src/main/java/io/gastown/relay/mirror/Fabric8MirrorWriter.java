package io.gastown.relay.mirror;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.Rig;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;

/** {@link MirrorWriter} over fabric8; updates carry the live resourceVersion. */
final class Fabric8MirrorWriter implements MirrorWriter {
  private final KubernetesClient client;

  Fabric8MirrorWriter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<GastownResource<?>> mirrorsOf(String host, String namespace) {
    List<GastownResource<?>> out = new ArrayList<>();
    out.addAll(
        client
            .resources(Rig.class)
            .withLabel(GastownNames.ORIGIN_LABEL, MirrorNames.ORIGIN_TOWN)
            .withLabel(MirrorNames.MIRROR_HOST, host)
            .list()
            .getItems());
    out.addAll(
        client
            .resources(Polecat.class)
            .inNamespace(namespace)
            .withLabel(GastownNames.ORIGIN_LABEL, MirrorNames.ORIGIN_TOWN)
            .withLabel(MirrorNames.MIRROR_HOST, host)
            .list()
            .getItems());
    out.addAll(
        client
            .resources(Convoy.class)
            .inNamespace(namespace)
            .withLabel(GastownNames.ORIGIN_LABEL, MirrorNames.ORIGIN_TOWN)
            .withLabel(MirrorNames.MIRROR_HOST, host)
            .list()
            .getItems());
    return out;
  }

  @Override
  public boolean create(GastownResource<?> cr) {
    try {
      typed(cr).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void updateSpec(GastownResource<?> live, GastownResource<?> desired) {
    GastownResource<?> copy = client.getKubernetesSerialization().clone(live);
    Object spec = ((io.fabric8.kubernetes.client.CustomResource) desired).getSpec();
    ((io.fabric8.kubernetes.client.CustomResource) copy).setSpec(spec);
    typed(copy).update();
  }

  @Override
  public void delete(GastownResource<?> live) {
    typed(live).delete();
  }

  @SuppressWarnings("unchecked")
  private <T extends GastownResource<?>> io.fabric8.kubernetes.client.dsl.Resource<T> typed(T r) {
    Class<T> type = (Class<T>) r.getClass();
    return r.getMetadata().getNamespace() == null
        ? client.resources(type).resource(r)
        : client.resources(type).inNamespace(r.getMetadata().getNamespace()).resource(r);
  }
}
