package io.gastown.relay.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A polecat: an autonomous coding agent working one bead in a rig. */
@Group(GastownNames.GROUP)
@Version(GastownNames.VERSION)
@Kind("Polecat")
@Plural("polecats")
@Singular("polecat")
@ShortNames("pc")
public class Polecat extends CustomResource<PolecatSpec, PolecatStatus>
    implements Namespaced, GastownResource<PolecatStatus> {

  @Override
  public ResourceKind resourceKind() {
    return ResourceKind.POLECAT;
  }

  @Override
  public PolecatStatus emptyStatus() {
    return PolecatStatus.empty();
  }
}
