package io.gastown.relay.mirror;

import io.fabric8.kubernetes.client.CustomResource;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to write so one host's mirrored CRs match its complete report: create what is new, update
 * the spec of what changed, delete what left the town. Pure.
 */
record MirrorDiff(
    List<GastownResource<?>> creates, List<Update> updates, List<GastownResource<?>> deletes) {

  record Update(GastownResource<?> live, GastownResource<?> desired) {}

  static MirrorDiff of(
      Map<ResourceKey, GastownResource<?>> desired, List<GastownResource<?>> existing) {
    Map<ResourceKey, GastownResource<?>> live = new LinkedHashMap<>();
    existing.forEach(e -> live.put(ResourceKey.of(e), e));
    List<GastownResource<?>> creates = new ArrayList<>();
    List<Update> updates = new ArrayList<>();
    List<GastownResource<?>> deletes = new ArrayList<>();
    desired.forEach(
        (key, want) -> {
          GastownResource<?> have = live.get(key);
          if (have == null) {
            creates.add(want);
          } else if (!Objects.equals(spec(have), spec(want))) {
            updates.add(new Update(have, want));
          }
        });
    live.forEach(
        (key, have) -> {
          if (!desired.containsKey(key)) {
            deletes.add(have);
          }
        });
    return new MirrorDiff(creates, updates, deletes);
  }

  boolean isEmpty() {
    return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
  }

  private static Object spec(GastownResource<?> r) {
    return ((CustomResource<?, ?>) r).getSpec();
  }
}
