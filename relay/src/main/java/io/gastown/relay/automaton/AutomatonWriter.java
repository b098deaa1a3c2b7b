package io.gastown.relay.automaton;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gastown.relay.status.KubeWriter;
import java.util.Map;
import java.util.Optional;

/**
 * The relay's writes to Automatons, each with the object's resourceVersion as precondition: a stale
 * view (or another relay's claim) ends in {@link KubeWriter.Outcome#CONFLICT}, never in an
 * overwrite. Other API errors are thrown.
 */
interface AutomatonWriter {

  /** Sets the claim annotation to {@code host}, or removes it when {@code host} is empty. */
  KubeWriter.Outcome setClaim(GenericKubernetesResource live, String host);

  /** Replaces the status subresource with {@code status} (the owner's, with our condition). */
  KubeWriter.Outcome writeStatus(GenericKubernetesResource live, Map<String, Object> status);

  /** The object as the API server has it now. */
  Optional<GenericKubernetesResource> fetch(String namespace, String name);
}
