package io.gastown.agent.town;

import java.util.List;

/** Runs one command given as an argv list. Implementations never involve a shell. */
public interface CommandRunner {

  /**
   * Runs {@code argv} to completion (or its timeout).
   *
   * @throws java.io.UncheckedIOException when the program cannot be started at all
   */
  ProcessResult run(List<String> argv);

  /**
   * Runs {@code argv} in {@code workingDir}; runners that cannot change directory run it in their
   * own.
   */
  default ProcessResult run(List<String> argv, java.nio.file.Path workingDir) {
    return run(argv);
  }
}
