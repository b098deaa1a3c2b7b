package io.gastown.agent.town;

import java.util.Locale;

/** Sorts gt's error messages into the cases the planners treat differently. */
public final class GtErrors {
  /** What a failed gt command means for the resource. */
  public enum Kind {
    /** {@code bead X is closed (work already completed)}: do not retry this generation. */
    BEAD_CLOSED,
    /** {@code 'X' is not a valid bead or formula}. */
    BEAD_NOT_FOUND,
    /** {@code bead X is already hooked to Y}. */
    BEAD_HOOKED_ELSEWHERE,
    /**
     * {@code blocked: N polecat(s) have active work}, a refusal to remove a busy rig, or {@code
     * convoy has N open issue(s)} on close.
     */
    BLOCKED,
    /** {@code rig already exists}. */
    ALREADY_EXISTS,
    /** {@code ... not found}. */
    NOT_FOUND,
    /** Anything else: retried with backoff. */
    OTHER
  }

  private GtErrors() {}

  public static Kind classify(String gtMessage) {
    String m = gtMessage.toLowerCase(Locale.ROOT);
    if (m.contains("is closed")) {
      return Kind.BEAD_CLOSED;
    }
    if (m.contains("not a valid bead")) {
      return Kind.BEAD_NOT_FOUND;
    }
    if (m.contains("already hooked")) {
      return Kind.BEAD_HOOKED_ELSEWHERE;
    }
    if (m.startsWith("blocked") || m.contains("refusing") || m.contains("open issue")) {
      return Kind.BLOCKED;
    }
    if (m.contains("already exists")) {
      return Kind.ALREADY_EXISTS;
    }
    if (m.contains("not found")) {
      return Kind.NOT_FOUND;
    }
    return Kind.OTHER;
  }
}
