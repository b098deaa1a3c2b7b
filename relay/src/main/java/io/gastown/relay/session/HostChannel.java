package io.gastown.relay.session;

import io.gastown.proto.v1.Capacity;
import io.gastown.proto.v1.ClaimOffer;
import io.gastown.relay.status.ReportOrigin;
import java.util.Set;

/**
 * One host's session as the claim broker and the mirror see it: who it is, what it declared, and
 * whether its resync is over (only then does it know everything this cluster wants of it).
 */
public interface HostChannel extends ReportOrigin {

  /** Hello.capabilities as the agent sent them (e.g. {@code automaton-claims}, {@code mirror}). */
  Set<String> capabilities();

  /** Hello.capacity. */
  Capacity capacity();

  /** Whether this session has sent ResyncEnd (it is live). */
  boolean resynced();

  /** Offers an Automaton to this host; a newer offer of the same uid replaces a waiting one. */
  void offerClaim(ClaimOffer offer);
}
