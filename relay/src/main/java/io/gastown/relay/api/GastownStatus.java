package io.gastown.relay.api;

import java.util.List;

/**
 * The part every status of this group shares: the relay fills it, the kind-specific rest comes from
 * the host agent's report.
 */
public interface GastownStatus<S extends GastownStatus<S>> {
  Long observedGeneration();

  String host();

  List<Condition> conditions();

  /** A copy with the shared fields replaced. */
  S withCommon(Long observedGeneration, String host, List<Condition> conditions);
}
