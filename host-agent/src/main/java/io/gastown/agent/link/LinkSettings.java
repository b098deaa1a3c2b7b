package io.gastown.agent.link;

import io.gastown.proto.v1.Capacity;
import java.util.List;

/**
 * What every link of this agent announces in Hello.
 *
 * @param hostId this host's id
 * @param agentVersion the agent's release
 * @param agentInstanceId random per process, so a relay tells a reconnect from a restart
 * @param capabilities e.g. {@code kind/Rig}
 * @param capacity how much work this agent accepts from the cluster
 */
public record LinkSettings(
    String hostId,
    String agentVersion,
    String agentInstanceId,
    List<String> capabilities,
    Capacity capacity) {

  public LinkSettings {
    capabilities = List.copyOf(capabilities);
  }
}
