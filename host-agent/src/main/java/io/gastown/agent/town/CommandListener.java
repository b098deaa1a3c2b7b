package io.gastown.agent.town;

import java.time.Duration;

/** Told about every gt command that ran (for metrics). */
public interface CommandListener {

  /**
   * @param subcommand e.g. {@code rig list}
   * @param result {@code ok}, {@code error}, {@code timeout} or {@code unreadable}
   * @param duration how long it ran
   */
  void completed(String subcommand, String result, Duration duration);

  CommandListener NONE = (subcommand, result, duration) -> {};
}
