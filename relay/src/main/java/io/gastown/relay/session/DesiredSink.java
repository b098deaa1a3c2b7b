package io.gastown.relay.session;

import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;

/**
 * Where workers send desired state: to the current session of a host, if it has one. A host without
 * a session gets everything in the resync of its next session.
 */
public interface DesiredSink {
  void upsert(String host, Resource resource);

  void delete(String host, ResourceRef ref, DeleteReason reason);
}
