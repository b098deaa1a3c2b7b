package io.gastown.testkit;

import java.util.List;
import java.util.Optional;

/**
 * One line of {@code <town>/.standin/calls.jsonl}: a single invocation of the stand-in gt or bd.
 *
 * @param ts start time, epoch milliseconds
 * @param prog {@code gt} or {@code bd}
 * @param argv the arguments without the program name
 * @param exit the exit code
 * @param ms wall time of the invocation
 * @param tmuxCalls how many tmux processes the invocation started
 * @param fault the injected fault mode, if any
 * @param slung the beads this invocation actually hooked (sling only; empty for no-ops and errors)
 */
public record StandInCall(
    long ts,
    String prog,
    List<String> argv,
    int exit,
    long ms,
    int tmuxCalls,
    Optional<String> fault,
    List<String> slung) {

  /** Whether this is a gt call whose first argument is {@code command}. */
  public boolean isGt(String command) {
    return "gt".equals(prog) && !argv.isEmpty() && argv.get(0).equals(command);
  }
}
