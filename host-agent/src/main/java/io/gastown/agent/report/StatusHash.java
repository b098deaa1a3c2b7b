package io.gastown.agent.report;

import io.gastown.proto.v1.StatusReport;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash both sides compare: hex SHA-256 of the report's bytes with seq and events cleared, so it
 * identifies the status itself, not one delivery of it.
 */
public final class StatusHash {
  private StatusHash() {}

  public static String of(StatusReport report) {
    byte[] bytes = report.toBuilder().clearSeq().clearEvents().build().toByteArray();
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
