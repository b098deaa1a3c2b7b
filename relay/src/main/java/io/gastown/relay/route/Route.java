package io.gastown.relay.route;

import java.util.Optional;

/** Where a resource goes: to one host, or nowhere (with the reason a person can act on). */
public sealed interface Route {

  record To(String hostId) implements Route {}

  record Nowhere(String why) implements Route {}

  default Optional<String> host() {
    return this instanceof To to ? Optional.of(to.hostId()) : Optional.empty();
  }
}
