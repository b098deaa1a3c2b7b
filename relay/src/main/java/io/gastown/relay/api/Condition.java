package io.gastown.relay.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A standard metav1.Condition. {@code status} is one of True, False, Unknown; {@code
 * lastTransitionTime} is RFC 3339.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Condition(
    String type,
    String status,
    String reason,
    String message,
    String lastTransitionTime,
    Long observedGeneration) {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  public Condition withLastTransitionTime(String time) {
    return new Condition(type, status, reason, message, time, observedGeneration);
  }
}
