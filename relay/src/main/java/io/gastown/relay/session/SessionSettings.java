package io.gastown.relay.session;

import java.time.Duration;

/** What a session tells the agent in Welcome, and its liveness timings. */
public record SessionSettings(
    String relayId,
    String relayVersion,
    String clusterName,
    Duration heartbeatInterval,
    Duration heartbeatTimeout) {}
