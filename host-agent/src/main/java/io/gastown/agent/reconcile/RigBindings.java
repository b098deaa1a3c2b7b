package io.gastown.agent.reconcile;

import io.gastown.agent.plan.ResourceKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which desired Rig owns each gt rig name. The first claim wins and sticks until its resource goes
 * away or maps to another name: a rig serves one cluster at a time, and a second cluster asking for
 * it is told so instead of being obeyed.
 */
final class RigBindings {
  private final Map<String, ResourceKey> holders = new HashMap<>();
  private final Map<ResourceKey, String> claims = new HashMap<>();

  /** Claims {@code gtName} for {@code key}; returns the other holder when the claim is refused. */
  Optional<ResourceKey> claim(ResourceKey key, String gtName) {
    String previous = claims.get(key);
    if (previous != null && !previous.equals(gtName)) {
      release(key);
    }
    ResourceKey holder = holders.computeIfAbsent(gtName, n -> key);
    if (holder.equals(key)) {
      claims.put(key, gtName);
      return Optional.empty();
    }
    return Optional.of(holder);
  }

  /** The holder of a gt rig name, if any. */
  Optional<ResourceKey> holder(String gtName) {
    return Optional.ofNullable(holders.get(gtName));
  }

  void release(ResourceKey key) {
    String name = claims.remove(key);
    if (name != null) {
      holders.remove(name, key);
    }
  }
}
