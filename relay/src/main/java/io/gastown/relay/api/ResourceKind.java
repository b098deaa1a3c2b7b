package io.gastown.relay.api;

import io.gastown.proto.v1.Kind;
import java.util.Optional;

/**
 * The kinds the relay routes to hosts, with their wire and capability names: the three of this
 * group, and olympus.io Automatons once claimed (package {@code automaton}; not a GastownResource).
 */
public enum ResourceKind {
  RIG("Rig", Kind.KIND_RIG),
  POLECAT("Polecat", Kind.KIND_POLECAT),
  CONVOY("Convoy", Kind.KIND_CONVOY),
  AUTOMATON("Automaton", Kind.KIND_AUTOMATON);

  private final String kindName;
  private final Kind protoKind;

  ResourceKind(String kindName, Kind protoKind) {
    this.kindName = kindName;
    this.protoKind = protoKind;
  }

  /** The Kubernetes kind, e.g. {@code Rig}. */
  public String kindName() {
    return kindName;
  }

  public Kind protoKind() {
    return protoKind;
  }

  /**
   * The Hello capability by which an agent declares it handles this kind, e.g. {@code kind/Rig}.
   */
  public String capability() {
    // a host that takes claims receives the Automatons it claimed
    return this == AUTOMATON ? "automaton-claims" : "kind/" + kindName;
  }

  public boolean namespaced() {
    return this != RIG;
  }

  public static Optional<ResourceKind> fromProto(Kind kind) {
    for (ResourceKind k : values()) {
      if (k.protoKind == kind) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  public static Optional<ResourceKind> fromCapability(String capability) {
    for (ResourceKind k : values()) {
      if (k.capability().equals(capability)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
