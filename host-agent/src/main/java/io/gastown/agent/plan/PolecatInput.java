package io.gastown.agent.plan;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Resource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Everything the polecat planner decides from.
 *
 * @param key the resource
 * @param desired the Polecat as the cluster wants it
 * @param rig what spec.rig resolves to
 * @param town the latest observation
 * @param allow the cluster's allow-list
 * @param capacityLeft whether the cluster may start another polecat (maxPolecats)
 * @param facts what the agent remembers
 * @param commandTimeout how long a sling may take: an older in-flight entry is stale
 * @param zone the host's zone, in which gt writes its timestamps
 * @param now the current time
 */
public record PolecatInput(
    ResourceKey key,
    Resource desired,
    RigResolution rig,
    TownSnapshot town,
    AllowList allow,
    boolean capacityLeft,
    ResourceFacts facts,
    Duration commandTimeout,
    ZoneId zone,
    Instant now) {}
