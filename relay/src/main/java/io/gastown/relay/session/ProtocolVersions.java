package io.gastown.relay.session;

import io.gastown.proto.v1.ProtocolVersion;

/**
 * The protocol versions this relay speaks and how a session's version is chosen: the same major
 * interoperates at the lower of both minors; another major is refused.
 */
public final class ProtocolVersions {
  public static final int MAJOR = 1;
  public static final int MINOR = 1;

  private ProtocolVersions() {}

  public static ProtocolVersion current() {
    return of(MAJOR, MINOR);
  }

  public static ProtocolVersion of(int major, int minor) {
    return ProtocolVersion.newBuilder().setMajor(major).setMinor(minor).build();
  }

  /** The outcome of a negotiation. */
  public sealed interface Negotiation {
    record Accepted(ProtocolVersion version) implements Negotiation {}

    record Refused(String message) implements Negotiation {}
  }

  public static Negotiation negotiate(ProtocolVersion agent) {
    return negotiate(current(), agent);
  }

  static Negotiation negotiate(ProtocolVersion relay, ProtocolVersion agent) {
    if (agent.getMajor() != relay.getMajor()) {
      return new Negotiation.Refused(
          "the host agent speaks protocol "
              + text(agent)
              + " and this relay speaks "
              + text(relay)
              + "; major versions differ, upgrade the older side");
    }
    return new Negotiation.Accepted(
        of(relay.getMajor(), Math.min(relay.getMinor(), agent.getMinor())));
  }

  public static String text(ProtocolVersion v) {
    return v.getMajor() + "." + v.getMinor();
  }
}
