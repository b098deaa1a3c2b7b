package io.gastown.relay.status;

import io.fabric8.kubernetes.api.model.Event;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.GastownStatus;
import io.gastown.relay.api.ResourceKey;
import java.util.Optional;

/**
 * Every write the relay makes to the API server, behind one narrow interface. Writes carry the
 * object's resourceVersion, so a stale view ends in {@link Outcome#CONFLICT}, never in a lost
 * update. Other API errors are thrown.
 */
public interface KubeWriter {

  enum Outcome {
    DONE,
    CONFLICT,
    GONE,
    /**
     * The API server rejected the content (422: schema, enum, CEL rule). Retrying will not help.
     */
    INVALID
  }

  /** Replaces the status subresource of {@code live} (which is not modified). */
  <S extends GastownStatus<S>> Outcome writeStatus(GastownResource<S> live, S status);

  /** Adds or removes the relay's finalizer on {@code live} (which is not modified). */
  Outcome setFinalizer(GastownResource<?> live, boolean present);

  /** The object as the API server has it now, bypassing the informer cache. */
  Optional<GastownResource<?>> fetch(ResourceKey key);

  /** Creates an Event; false when an Event of that name already exists. */
  boolean createEvent(Event event);
}
