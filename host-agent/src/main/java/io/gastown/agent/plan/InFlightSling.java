package io.gastown.agent.plan;

import java.time.Instant;

/**
 * A journal entry: a {@code gt sling} was (or was about to be) started and its effect has not yet
 * been seen in the town. Until an observation shows the bead hooked, a sling "may have happened".
 *
 * @param beadId the bead
 * @param generation the spec generation it was started for
 * @param startedAt when it was started
 * @param attempts how many slings were started for this generation
 */
public record InFlightSling(String beadId, long generation, Instant startedAt, int attempts) {}
