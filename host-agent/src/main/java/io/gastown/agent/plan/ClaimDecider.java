package io.gastown.agent.plan;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.validate.SpecValidator;
import io.gastown.agent.validate.Violation;
import io.gastown.proto.v1.ClaimDecision;
import io.gastown.proto.v1.Resource;
import java.util.stream.Collectors;

/**
 * Whether this host takes an Automaton the relay offers: only one it could work (valid fields, an
 * allowed namespace, a rig it has), and only within this cluster's {@code maxAutomatons}. Pure.
 */
public final class ClaimDecider {
  private ClaimDecider() {}

  /**
   * @param offer the offered Automaton
   * @param allow the cluster's allow-list
   * @param rig what spec.rig resolves to on this host
   * @param maxAutomatons the cluster's limit (0: this host claims none)
   * @param holding Automatons of this cluster the host works or has accepted and not yet received
   */
  public static ClaimDecision decide(
      Resource offer, AllowList allow, RigResolution rig, int maxAutomatons, int holding) {
    ClaimDecision.Builder d = ClaimDecision.newBuilder().setUid(offer.getRef().getUid());
    if (!offer.hasAutomaton()) {
      return d.setReason("not an Automaton").build();
    }
    var violations = SpecValidator.automaton(offer.getAutomaton());
    if (!violations.isEmpty()) {
      return d.setReason(
              violations.stream().map(Violation::toString).collect(Collectors.joining("; ")))
          .build();
    }
    if (!allow.allowsNamespace(offer.getRef().getNamespace())) {
      return d.setReason("namespace " + offer.getRef().getNamespace() + " is not allowed").build();
    }
    if (!rig.ok()) {
      return d.setReason(rig.problemMessage()).build();
    }
    if (maxAutomatons <= 0) {
      return d.setReason("this host claims no Automatons from this cluster").build();
    }
    if (holding >= maxAutomatons) {
      return d.setReason("maxAutomatons (" + maxAutomatons + ") reached").build();
    }
    return d.setAccept(true).build();
  }
}
