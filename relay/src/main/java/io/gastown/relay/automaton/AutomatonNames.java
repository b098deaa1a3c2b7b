package io.gastown.relay.automaton;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gastown.relay.api.GastownNames;

/** The names of olympus.io's Automaton this relay relies on (docs/automaton.md). */
public final class AutomatonNames {
  public static final String GROUP = "olympus.io";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "Automaton";
  public static final String PLURAL = "automatons";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** The host holding the claim; written with a resourceVersion precondition. */
  public static final String CLAIMED_BY = GastownNames.GROUP + "/claimed-by";

  /** The one condition gastown writes into an Automaton's status. */
  public static final String CONDITION = "GastownLocalExecution";

  /** The Hello capability of a host agent that takes claims. */
  public static final String CAPABILITY = "automaton-claims";

  /** spec.executionMode of the Automatons a host may claim. */
  public static final String LOCAL = "local";

  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withKind(KIND)
          .withPlural(PLURAL)
          .withNamespaced(true)
          .build();

  private AutomatonNames() {}
}
