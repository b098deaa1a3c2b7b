package io.gastown.agent.plan;

import io.gastown.proto.v1.Condition;
import io.gastown.proto.v1.ConditionStatus;

/** Shorthands for the agent-owned conditions. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String SYNCED = "Synced";

  private Conditions() {}

  public static Condition isTrue(String type, String reason, String message) {
    return of(type, ConditionStatus.CONDITION_STATUS_TRUE, reason, message);
  }

  public static Condition isFalse(String type, String reason, String message) {
    return of(type, ConditionStatus.CONDITION_STATUS_FALSE, reason, message);
  }

  public static Condition unknown(String type, String reason, String message) {
    return of(type, ConditionStatus.CONDITION_STATUS_UNKNOWN, reason, message);
  }

  private static Condition of(String type, ConditionStatus status, String reason, String message) {
    return Condition.newBuilder()
        .setType(type)
        .setStatus(status)
        .setReason(reason)
        .setMessage(message)
        .build();
  }
}
