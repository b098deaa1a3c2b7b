package io.gastown.agent.link;

/**
 * Told what a relay link learnt; called in order on a thread of the link's own that is not the one
 * carrying heartbeats, so slow planning never makes the relay think the host is gone.
 */
public interface LinkListener {

  /** Desired resources of this relay changed (live, or all at once at ResyncEnd). */
  void desiredChanged(String relay, DesiredStore.Changes changes);

  /** A resync of this relay ended and was applied. */
  void resynced(String relay);

  /** The relay offers an Automaton for this host to claim (answer with a ClaimDecision). */
  default void claimOffered(String relay, io.gastown.proto.v1.Resource automaton) {}
}
