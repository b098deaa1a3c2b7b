package io.gastown.agent.mirror;

import java.util.Map;
import java.util.Set;

/**
 * What one cluster's own resources (not its mirrors) already show of the town: those objects are
 * left out of its mirror.
 *
 * @param rigsByGtName gt rig name → the Rig resource's name, for Rigs of this cluster
 * @param beads beads worked for this cluster's Polecats and Automatons
 * @param convoyIds convoys owned by this cluster's Convoys
 */
public record Coverage(Map<String, String> rigsByGtName, Set<String> beads, Set<String> convoyIds) {

  public Coverage {
    rigsByGtName = Map.copyOf(rigsByGtName);
    beads = Set.copyOf(beads);
    convoyIds = Set.copyOf(convoyIds);
  }
}
