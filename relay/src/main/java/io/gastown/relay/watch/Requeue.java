package io.gastown.relay.watch;

/**
 * An expected reason to process a key again later, such as a write conflict with a newer version of
 * the object. Logged quietly; any other exception is logged as a warning.
 */
public final class Requeue extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Requeue(String message) {
    super(message, null, false, false);
  }
}
