package io.gastown.relay.api;

import io.gastown.proto.v1.Kind;
import java.util.Optional;

/** The three kinds the relay serves, with their wire and capability names. */
public enum ResourceKind {
  RIG("Rig", Kind.KIND_RIG),
  POLECAT("Polecat", Kind.KIND_POLECAT),
  CONVOY("Convoy", Kind.KIND_CONVOY);

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
    return "kind/" + kindName;
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
