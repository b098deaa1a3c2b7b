package io.gastown.agent.plan;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Resource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Everything the automaton planner decides from.
 *
 * @param key the resource
 * @param desired the claimed Automaton as the relay routed it
 * @param hostId this host's id (the claim must name it)
 * @param rig what spec.rig resolves to on this host
 * @param town the latest observation
 * @param allow the cluster's allow-list
 * @param createdBead the bead this host created for the Automaton (from its journal)
 * @param facts what the agent remembers for the sling (failure, in-flight sling, polecat)
 * @param commandTimeout how long a sling may take
 * @param zone the host's zone
 * @param now the current time
 */
public record AutomatonInput(
    ResourceKey key,
    Resource desired,
    String hostId,
    RigResolution rig,
    TownSnapshot town,
    AllowList allow,
    Optional<String> createdBead,
    ResourceFacts facts,
    Duration commandTimeout,
    ZoneId zone,
    Instant now) {

  /** The label that marks the bead created for this Automaton (the witness of bd create). */
  public String beadLabel() {
    return "gastown-automaton-" + desired.getRef().getUid();
  }
}
