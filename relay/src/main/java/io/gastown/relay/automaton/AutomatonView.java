package io.gastown.relay.automaton;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gastown.proto.v1.AutomatonSpec;
import io.gastown.proto.v1.Resource;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.api.Resources;
import java.util.Map;

/**
 * The fields of an Automaton gastown reads, from the owner's object (which the relay never models).
 * Pure: missing or mistyped fields read as empty.
 */
public record AutomatonView(
    ResourceKey key,
    String uid,
    long generation,
    String resourceVersion,
    boolean deleting,
    String executionMode,
    String beadId,
    String taskTitle,
    String taskDescription,
    String rig,
    String claimedBy) {

  public static AutomatonView of(GenericKubernetesResource obj) {
    Map<String, Object> spec = map(obj.getAdditionalProperties().get("spec"));
    Map<String, Object> task = map(spec.get("task"));
    Map<String, String> annotations = obj.getMetadata().getAnnotations();
    return new AutomatonView(
        key(obj.getMetadata().getNamespace(), obj.getMetadata().getName()),
        Resources.uid(obj),
        Resources.generation(obj),
        Resources.resourceVersion(obj),
        Resources.deleting(obj),
        text(spec.get("executionMode")),
        text(spec.get("beadID")),
        text(task.get("title")),
        text(task.get("description")),
        text(spec.get("rig")),
        annotations == null ? "" : Resources.nz(annotations.get(AutomatonNames.CLAIMED_BY)));
  }

  public static ResourceKey key(String namespace, String name) {
    return new ResourceKey(ResourceKind.AUTOMATON, namespace, name);
  }

  public boolean local() {
    return AutomatonNames.LOCAL.equals(executionMode);
  }

  public boolean claimed() {
    return !claimedBy.isEmpty();
  }

  /** What the claiming host receives: the fields it works from, and who holds the claim. */
  public Resource toProto() {
    return Resource.newBuilder()
        .setRef(key.toRef(uid))
        .setGeneration(generation)
        .setResourceVersion(resourceVersion)
        .setAutomaton(
            AutomatonSpec.newBuilder()
                .setBeadId(beadId)
                .setTaskTitle(taskTitle)
                .setTaskDescription(taskDescription)
                .setRig(rig)
                .setClaimedBy(claimedBy))
        .build();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String text(Object o) {
    return o instanceof String s ? s : "";
  }
}
