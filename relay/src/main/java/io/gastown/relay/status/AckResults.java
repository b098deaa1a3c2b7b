package io.gastown.relay.status;

import io.gastown.proto.v1.AckResult;
import java.util.Locale;

/** Metric labels of acknowledgement outcomes. */
public final class AckResults {
  private AckResults() {}

  /** {@code ACK_RESULT_WRITTEN} → {@code written}. */
  public static String label(AckResult result) {
    return result.name().replace("ACK_RESULT_", "").toLowerCase(Locale.ROOT);
  }
}
