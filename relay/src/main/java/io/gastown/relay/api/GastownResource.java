package io.gastown.relay.api;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A custom resource of this group: a Rig, a Polecat or a Convoy. */
public interface GastownResource<S extends GastownStatus<S>> extends HasMetadata {
  S getStatus();

  void setStatus(S status);

  /** Which of the three kinds. (Not a bean getter, so it is never serialised.) */
  ResourceKind resourceKind();

  /** A status with nothing in it, the starting point for a resource that has none yet. */
  S emptyStatus();
}
