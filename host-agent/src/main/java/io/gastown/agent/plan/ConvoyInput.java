package io.gastown.agent.plan;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Resource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the convoy planner decides from.
 *
 * @param key the resource
 * @param desired the Convoy as the cluster wants it
 * @param town the latest observation (its convoy listing)
 * @param allow the cluster's allow-list
 * @param record what the convoy journal holds for this CR
 * @param failure the last failed action of this CR
 * @param boundElsewhere convoy ids other CRs own (never adopted by this one)
 * @param commandTimeout how long a create may take: an older unconfirmed create is stale
 * @param zone the host's zone, in which gt writes timestamps without an offset
 * @param now the current time
 */
public record ConvoyInput(
    ResourceKey key,
    Resource desired,
    TownSnapshot town,
    AllowList allow,
    Optional<ConvoyRecord> record,
    Optional<Failure> failure,
    Set<String> boundElsewhere,
    Duration commandTimeout,
    ZoneId zone,
    Instant now) {

  public ConvoyInput {
    boundElsewhere = Set.copyOf(boundElsewhere);
  }
}
