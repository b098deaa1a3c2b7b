package io.gastown.agent.town;

/** A gt command did not give a usable answer. */
public abstract class GtException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String command;

  protected GtException(String command, String message) {
    super(message);
    this.command = command;
  }

  /** The command without its variable arguments, e.g. {@code gt rig add}. */
  public String command() {
    return command;
  }
}
