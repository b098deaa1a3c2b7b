package io.gastown.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only helpers over a generic CR's status, as a user reads it with kubectl. */
record CrView(GenericKubernetesResource obj) {

  @SuppressWarnings("unchecked")
  Map<String, Object> status() {
    Object status = obj == null ? null : obj.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  Object field(String name) {
    return status().get(name);
  }

  @SuppressWarnings("unchecked")
  Optional<Map<String, Object>> condition(String type) {
    Object conditions = status().get("conditions");
    if (!(conditions instanceof List<?> list)) {
      return Optional.empty();
    }
    return list.stream()
        .map(c -> (Map<String, Object>) c)
        .filter(c -> type.equals(c.get("type")))
        .findFirst();
  }

  String conditionStatus(String type) {
    return condition(type).map(c -> String.valueOf(c.get("status"))).orElse("");
  }

  String conditionReason(String type) {
    return condition(type).map(c -> String.valueOf(c.get("reason"))).orElse("");
  }

  String conditionMessage(String type) {
    return condition(type).map(c -> String.valueOf(c.get("message"))).orElse("");
  }

  @Override
  public String toString() {
    return String.valueOf(status());
  }
}
