package io.gastown.relay.mirror;

import io.gastown.relay.api.GastownResource;
import java.util.List;

/** The mirror's writes: create, update the spec, delete; and the list of one host's mirrors. */
interface MirrorWriter {

  /** The CRs mirrored from {@code host}'s town (labels origin=town, mirror-host=host). */
  List<GastownResource<?>> mirrorsOf(String host, String namespace);

  /** Creates; false when the name is taken (by a CR of someone else, or a race). */
  boolean create(GastownResource<?> cr);

  /** Replaces the spec of {@code live} with the spec of {@code desired} (resourceVersion kept). */
  void updateSpec(GastownResource<?> live, GastownResource<?> desired);

  void delete(GastownResource<?> live);
}
