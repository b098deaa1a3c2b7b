package io.gastown.agent.link;

import io.gastown.proto.v1.Capacity;
import io.gastown.proto.v1.ProtocolVersion;
import java.util.List;

/**
 * What every link of this agent announces in Hello.
 *
 * @param hostId this host's id
 * @param agentVersion the agent's release
 * @param agentInstanceId random per process, so a relay tells a reconnect from a restart
 * @param capabilities e.g. {@code kind/Rig}
 * @param capacity how much work this agent accepts from the cluster
 * @param protocol the protocol version Hello announces: {@link RelayLink#PROTOCOL}, other values
 *     only in tests of version skew
 */
public record LinkSettings(
    String hostId,
    String agentVersion,
    String agentInstanceId,
    List<String> capabilities,
    Capacity capacity,
    ProtocolVersion protocol) {

  public LinkSettings {
    capabilities = List.copyOf(capabilities);
  }

  /** Settings speaking this agent's protocol version. */
  public LinkSettings(
      String hostId,
      String agentVersion,
      String agentInstanceId,
      List<String> capabilities,
      Capacity capacity) {
    this(hostId, agentVersion, agentInstanceId, capabilities, capacity, RelayLink.PROTOCOL);
  }

  /** The same settings announcing another protocol version (tests of version skew). */
  public LinkSettings speaking(int major, int minor) {
    return new LinkSettings(
        hostId,
        agentVersion,
        agentInstanceId,
        capabilities,
        capacity,
        ProtocolVersion.newBuilder().setMajor(major).setMinor(minor).build());
  }
}
