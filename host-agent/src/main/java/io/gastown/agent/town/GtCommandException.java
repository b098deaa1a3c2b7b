package io.gastown.agent.town;

/**
 * gt exited non-zero; {@link #gtMessage} says why in gt's words. Exit code -1: killed after the
 * timeout (it may have done its work); 127: could not be started (it did nothing).
 */
public final class GtCommandException extends GtException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final String gtMessage;

  public GtCommandException(String command, int exitCode, String gtMessage) {
    super(command, command + " failed (exit " + exitCode + "): " + gtMessage);
    this.exitCode = exitCode;
    this.gtMessage = gtMessage;
  }

  public int exitCode() {
    return exitCode;
  }

  /** gt's {@code Error:} message without the prefix, or the best substitute for it. */
  public String gtMessage() {
    return gtMessage;
  }
}
