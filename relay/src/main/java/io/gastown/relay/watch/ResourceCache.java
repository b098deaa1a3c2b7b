package io.gastown.relay.watch;

import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.Rig;
import java.util.List;
import java.util.Optional;

/** The informers' view of the cluster: read-only, possibly a few milliseconds behind. */
public interface ResourceCache {
  /** The current object for a key. Never mutate it: it is the cache's own copy. */
  Optional<GastownResource<?>> get(ResourceKey key);

  Optional<Rig> rig(String name);

  /** Polecats and Convoys whose spec.rig names this Rig. */
  List<ResourceKey> dependantsOf(String rigName);

  List<ResourceKey> allKeys();
}
