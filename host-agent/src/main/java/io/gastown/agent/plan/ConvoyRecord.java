package io.gastown.agent.plan;

import java.time.Instant;
import java.util.List;

/**
 * What the convoy journal holds for one Convoy CR.
 *
 * @param convoyId the convoy the CR owns; empty while a create is unconfirmed
 * @param description the description the last create was started with
 * @param beads the beads the last create was started with
 * @param generation the spec generation the last create was started for
 * @param startedAt when the last create was started
 * @param attempts creates started for that generation
 * @param completedAt when the convoy was first seen complete (RFC 3339), or empty
 */
public record ConvoyRecord(
    String convoyId,
    String description,
    List<String> beads,
    long generation,
    Instant startedAt,
    int attempts,
    String completedAt) {

  public ConvoyRecord {
    beads = List.copyOf(beads);
  }

  public boolean bound() {
    return !convoyId.isEmpty();
  }
}
