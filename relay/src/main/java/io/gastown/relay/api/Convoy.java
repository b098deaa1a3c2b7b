package io.gastown.relay.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A convoy: a batch of beads tracked together. */
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
}
