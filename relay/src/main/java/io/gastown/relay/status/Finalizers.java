package io.gastown.relay.status;

import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.ConvoySpec;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.Resources;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;

/**
 * When the relay's finalizer belongs on a CR. Pure.
 *
 * <p>Every routed Polecat, a routed Rig with deletionPolicy Remove and a routed Convoy with
 * deletionPolicy Close get it, so the host can carry out the policy before the CR goes. It is added
 * only once the resource routes to a host (a Polecat naming a Rig that does not exist can be
 * deleted at once), never added or removed during deletion, and removed from a Rig or Convoy whose
 * policy went back to Retain. A CR mirrored from the town never gets it: deleting a view touches
 * nothing in the town.
 */
public final class Finalizers {
  private Finalizers() {}

  public enum Change {
    ADD,
    REMOVE,
    NONE
  }

  public static Change plan(GastownResource<?> cr, boolean routed) {
    if (Resources.deleting(cr)) {
      return Change.NONE;
    }
    boolean has = Resources.hasFinalizer(cr);
    boolean wanted = wantsFinalizer(cr);
    if (wanted && routed && !has) {
      return Change.ADD;
    }
    if (!wanted && has) {
      return Change.REMOVE;
    }
    return Change.NONE;
  }

  static boolean wantsFinalizer(GastownResource<?> cr) {
    if (mirrored(cr)) {
      return false; // a view of the town: deleting it never touches the town
    }
    if (cr instanceof Polecat) {
      return true;
    }
    if (cr instanceof Rig rig) {
      return rig.getSpec() != null && RigSpec.REMOVE.equals(rig.getSpec().deletionPolicy());
    }
    if (cr instanceof Convoy convoy) {
      return convoy.getSpec() != null && ConvoySpec.CLOSE.equals(convoy.getSpec().deletionPolicy());
    }
    return false;
  }

  /** A CR the mirror made from the town (label gastown.gastown.io/origin=town). */
  static boolean mirrored(GastownResource<?> cr) {
    java.util.Map<String, String> labels = cr.getMetadata().getLabels();
    return labels != null
        && "town".equals(labels.get(io.gastown.relay.api.GastownNames.ORIGIN_LABEL));
  }
}
