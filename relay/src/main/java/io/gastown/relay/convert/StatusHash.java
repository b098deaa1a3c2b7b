package io.gastown.relay.convert;

import io.gastown.proto.v1.StatusReport;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The status hash both sides agree on (docs/protocol.md, "Status hash"): hex SHA-256 of the
 * StatusReport's protobuf encoding with {@code seq} and {@code events} cleared, so a report retried
 * with a new sequence number or without its already-recorded events hashes the same.
 */
public final class StatusHash {
  private StatusHash() {}

  public static String of(StatusReport report) {
    byte[] bytes = normalise(report).toByteArray();
    return HexFormat.of().formatHex(sha256(bytes));
  }

  /** The report as remembered and hashed: without seq and events. */
  public static StatusReport normalise(StatusReport report) {
    return report.toBuilder().clearSeq().clearEvents().build();
  }

  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
