package io.gastown.agent.plan;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Resource;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything the rig planner decides from.
 *
 * @param key the resource
 * @param desired the Rig as the cluster wants it
 * @param town the latest observation
 * @param townRoot the town root, for the default rig path
 * @param allow the cluster's allow-list
 * @param boundTo the resource that holds this gt rig when it is not this one
 * @param facts what the agent remembers
 * @param now the current time
 */
public record RigInput(
    ResourceKey key,
    Resource desired,
    TownSnapshot town,
    String townRoot,
    AllowList allow,
    Optional<ResourceKey> boundTo,
    ResourceFacts facts,
    Instant now) {}
