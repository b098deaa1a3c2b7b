package io.gastown.relay.api;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A rig of the town: a project workspace on one host. Cluster-scoped (fabric8 takes a class that
 * does not implement Namespaced as cluster-scoped).
 */
// Plain bean deserialisation: without this, Jackson would take the polymorphic deserialiser of
// HasMetadata (through GastownResource) and produce a GenericKubernetesResource.
@JsonDeserialize(using = JsonDeserializer.None.class)
@Group(GastownNames.GROUP)
@Version(GastownNames.VERSION)
@Kind("Rig")
@Plural("rigs")
@Singular("rig")
@ShortNames("rig")
public class Rig extends CustomResource<RigSpec, RigStatus> implements GastownResource<RigStatus> {

  @Override
  public ResourceKind resourceKind() {
    return ResourceKind.RIG;
  }

  @Override
  public RigStatus emptyStatus() {
    return RigStatus.empty();
  }

  // Declared here so Jackson sees one status property of the concrete type (the inherited
  // CustomResource and GastownResource signatures would otherwise conflict).
  @Override
  public RigStatus getStatus() {
    return super.getStatus();
  }

  @Override
  public void setStatus(RigStatus status) {
    super.setStatus(status);
  }
}
