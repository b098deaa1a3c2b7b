package io.gastown.agent.doctor;

import io.gastown.proto.v1.Goodbye;
import io.gastown.proto.v1.Welcome;
import io.grpc.Status;

/** What a relay answered to the doctor's probe Hello. */
sealed interface ProbeResult {

  /** The relay accepted TLS, the credentials and the version. */
  record Welcomed(Welcome welcome) implements ProbeResult {}

  /** The relay said Goodbye (refused the version or the host id) and closed with {@code status}. */
  record Refused(Goodbye goodbye, Status status) implements ProbeResult {}

  /** The call failed without a Goodbye: unreachable, TLS, credentials, deadline. */
  record Failed(Status status) implements ProbeResult {}

  /** The channel could not even be built (e.g. an unreadable CA file). */
  record NotTried(String why) implements ProbeResult {}
}
