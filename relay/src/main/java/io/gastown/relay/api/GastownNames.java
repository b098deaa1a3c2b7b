package io.gastown.relay.api;

/** Names both programs rely on (docs/architecture.md). */
public final class GastownNames {
  public static final String GROUP = "gastown.gastown.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** The finalizer the relay adds and removes once the host agent reports {@code finalized}. */
  public static final String FINALIZER = GROUP + "/host-agent";

  /**
   * Annotations under this prefix are forwarded to the host agent; all others stay in the cluster.
   */
  public static final String ANNOTATION_PREFIX = GROUP + "/";

  /** The label that says a CR was mirrored from the town. */
  public static final String ORIGIN_LABEL = GROUP + "/origin";

  /** Conditions the relay owns; every other condition type belongs to the agent. */
  public static final String HOST_CONNECTED = "HostConnected";

  public static final String READY = "Ready";

  /** A host id: a DNS label (docs/crd-reference.md). */
  public static final java.util.regex.Pattern HOST_ID =
      java.util.regex.Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  private GastownNames() {}
}
