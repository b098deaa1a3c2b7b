package io.gastown.relay.api;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A convoy: a batch of beads tracked together. */
// Plain bean deserialisation: without this, Jackson would take the polymorphic deserialiser of
// HasMetadata (through GastownResource) and produce a GenericKubernetesResource.
@JsonDeserialize(using = JsonDeserializer.None.class)
@Group(GastownNames.GROUP)
@Version(GastownNames.VERSION)
@Kind("Convoy")
@Plural("convoys")
@Singular("convoy")
@ShortNames("cv")
public class Convoy extends CustomResource<ConvoySpec, ConvoyStatus>
    implements Namespaced, GastownResource<ConvoyStatus> {

  @Override
  public ResourceKind resourceKind() {
    return ResourceKind.CONVOY;
  }

  @Override
  public ConvoyStatus emptyStatus() {
    return ConvoyStatus.empty();
  }

  // Declared here so Jackson sees one status property of the concrete type (the inherited
  // CustomResource and GastownResource signatures would otherwise conflict).
  @Override
  public ConvoyStatus getStatus() {
    return super.getStatus();
  }

  @Override
  public void setStatus(ConvoyStatus status) {
    super.setStatus(status);
  }
}
