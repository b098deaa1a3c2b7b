package io.gastown.relay.session;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a host must present a client certificate (RELAY_CLIENT_AUTH). The TLS layer always only
 * <em>asks</em> for one; the relay enforces {@link #REQUIRE} per call, so a host without one is
 * told why (UNAUTHENTICATED, counted) instead of seeing a bare handshake failure.
 */
public enum ClientAuthMode {
  /** A verified client certificate or a bearer token, or both (then they must name one host). */
  OPTIONAL,
  /**
   * A verified client certificate on every call; a token, if also sent, must name the same host.
   */
  REQUIRE;

  public static Optional<ClientAuthMode> parse(String text) {
    for (ClientAuthMode m : values()) {
      if (m.name().equalsIgnoreCase(text.strip())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
