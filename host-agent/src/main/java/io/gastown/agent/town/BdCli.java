package io.gastown.agent.town;

/**
 * The bd commands this agent uses. Like {@link GtCli}: validated arguments, one argv element each,
 * failures as {@link GtCommandException} or {@link GtOutputException}.
 */
public interface BdCli {

  /**
   * The bead carrying {@code request.label()} in the rig's beads (open or closed); created with
   * {@code bd create ... --json} when there is none. Returns its id.
   */
  String ensureBead(BeadRequest request);

  /** A bd that cannot run (an agent built without one): every call fails, changing nothing. */
  BdCli NONE =
      request -> {
        throw new GtCommandException("bd create", 127, "bd is not available to this agent");
      };
}
