package io.gastown.relay.status;

/** What the relay knows about a routed host's connection, as far as CR conditions care. */
public enum HostLink {
  /** The host holds a live session with this relay. */
  CONNECTED,
  /**
   * The host has no session, but for less than the grace period (or the relay started less than the
   * grace period ago): leave HostConnected as it is, a reconnect is likely.
   */
  GRACE,
  /** The host's last session ended longer than the grace period ago. */
  DISCONNECTED,
  /** The host has not connected since the relay started, and the grace period is over. */
  NEVER_CONNECTED
}
