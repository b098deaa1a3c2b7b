package io.gastown.testkit;

import java.time.Duration;
import java.util.List;

/** A stand-in invocation did not finish in time (the process has been killed). */
public final class CliTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CliTimeoutException(List<String> argv, Duration timeout) {
    super("timed out after " + timeout + ": " + argv);
  }
}
