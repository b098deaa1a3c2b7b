package io.gastown.agent.config;

import java.util.List;

/**
 * What one cluster may ask of this host. An empty list allows everything of that kind: the host
 * owner narrows a cluster's reach by listing what it may touch.
 *
 * @param namespaces namespaces whose namespaced resources (Polecats, Convoys) are accepted
 * @param rigs rig names (gt's name or the Rig CR's name) the cluster may use
 */
public record AllowList(List<String> namespaces, List<String> rigs) {

  public AllowList {
    namespaces = List.copyOf(namespaces);
    rigs = List.copyOf(rigs);
  }

  /** Allows everything. */
  public static AllowList all() {
    return new AllowList(List.of(), List.of());
  }

  public boolean allowsNamespace(String namespace) {
    return namespaces.isEmpty() || namespaces.contains(namespace);
  }

  /** A rig is allowed when either of its names is listed. */
  public boolean allowsRig(String gtRigName, String crName) {
    return rigs.isEmpty() || rigs.contains(gtRigName) || rigs.contains(crName);
  }
}
