package io.gastown.agent.town;

import java.time.Duration;
import java.util.List;

/**
 * What one finished command did.
 *
 * @param argv the command as run
 * @param exitCode its exit code (-1 when it was killed after the timeout)
 * @param stdout everything it printed on stdout, up to the configured limit
 * @param stderrTail the end of what it printed on stderr (for error messages only; never data)
 * @param duration how long it ran
 * @param timedOut whether it was killed for running too long
 * @param truncated whether stdout exceeded the limit and was cut
 */
public record ProcessResult(
    List<String> argv,
    int exitCode,
    String stdout,
    String stderrTail,
    Duration duration,
    boolean timedOut,
    boolean truncated) {

  public ProcessResult {
    argv = List.copyOf(argv);
  }

  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }
}
