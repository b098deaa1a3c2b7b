package io.gastown.agent.town;

import java.util.List;

/**
 * One entry of {@code gt convoy list --json --all}.
 *
 * @param id gt's convoy id, {@code hq-cv-xxxxx}
 * @param title the convoy's name (what {@code gt convoy create <name>} was given)
 * @param status open, closed, staged_ready or staged_warnings
 * @param createdAt gt's timestamp as printed (empty when absent)
 * @param tracked the tracked beads ({@code tracked: null} reads as empty)
 * @param completed tracked beads that are done
 * @param total tracked beads
 */
public record ConvoyInfo(
    String id,
    String title,
    String status,
    String createdAt,
    List<TrackedIssue> tracked,
    int completed,
    int total) {

  public ConvoyInfo {
    tracked = List.copyOf(tracked);
  }

  /** The ids of the tracked beads, in gt's order. */
  public List<String> trackedIds() {
    return tracked.stream().map(TrackedIssue::id).toList();
  }

  public boolean closed() {
    return status.equals("closed");
  }

  /**
   * One tracked bead as gt lists it.
   *
   * @param id the bead
   * @param title its title
   * @param status bd's status (open, hooked, in_progress, closed, ...)
   * @param assignee e.g. {@code <rig>/polecats/<name>}, or empty
   */
  public record TrackedIssue(String id, String title, String status, String assignee) {}
}
