package io.gastown.relay.api;

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
}
