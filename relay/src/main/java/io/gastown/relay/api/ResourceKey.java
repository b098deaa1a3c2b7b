package io.gastown.relay.api;

import io.gastown.proto.v1.ResourceRef;
import java.util.Objects;

/** Names one CR: kind, namespace ("" for cluster-scoped Rigs) and name. The unit of work. */
public record ResourceKey(ResourceKind kind, String namespace, String name) {

  public ResourceKey {
    Objects.requireNonNull(kind, "kind");
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
  }

  public static ResourceKey of(GastownResource<?> resource) {
    return new ResourceKey(
        resource.resourceKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName());
  }

  public static ResourceKey rig(String name) {
    return new ResourceKey(ResourceKind.RIG, "", name);
  }

  /** The wire reference of this key with the given uid. */
  public ResourceRef toRef(String uid) {
    return ResourceRef.newBuilder()
        .setKind(kind.protoKind())
        .setNamespace(namespace)
        .setName(name)
        .setUid(uid)
        .build();
  }

  @Override
  public String toString() {
    return namespace.isEmpty()
        ? kind.kindName() + "/" + name
        : kind.kindName() + "/" + namespace + "/" + name;
  }
}
