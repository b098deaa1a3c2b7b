package io.gastown.relay.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.Resources;
import io.gastown.relay.convert.StatusHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A core/v1 Event for one event of a status report. Its name is derived from the CR's uid and the
 * event id, so a report retried after a reconnect creates the same name and is refused as a
 * duplicate: each event id is recorded once. Pure.
 */
public final class EventFactory {
  private static final int MAX_MESSAGE = 1024;
  private final String relayId;
  private final String clusterScopedNamespace;

  /**
   * @param clusterScopedNamespace where Events about cluster-scoped Rigs go
   */
  public EventFactory(String relayId, String clusterScopedNamespace) {
    this.relayId = relayId;
    this.clusterScopedNamespace = clusterScopedNamespace;
  }

  public Event build(GastownResource<?> cr, io.gastown.proto.v1.Event e, Instant now) {
    String namespace =
        cr.resourceKind().namespaced() ? cr.getMetadata().getNamespace() : clusterScopedNamespace;
    String time = ConditionMerge.format(now);
    return new EventBuilder()
        .withNewMetadata()
        .withName(name(cr, e.getId()))
        .withNamespace(namespace)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(cr.getApiVersion())
        .withKind(cr.getKind())
        .withName(cr.getMetadata().getName())
        .withNamespace(cr.resourceKind().namespaced() ? cr.getMetadata().getNamespace() : null)
        .withUid(Resources.uid(cr))
        .withResourceVersion(Resources.resourceVersion(cr))
        .endInvolvedObject()
        .withType(e.getWarning() ? "Warning" : "Normal")
        .withReason(e.getReason().isEmpty() ? "HostEvent" : e.getReason())
        .withMessage(truncate(e.getMessage()))
        .withFirstTimestamp(time)
        .withLastTimestamp(time)
        .withCount(1)
        .withNewSource()
        .withComponent("gastown-relay")
        .endSource()
        .withReportingComponent("gastown.gastown.io/relay")
        .withReportingInstance(relayId)
        .build();
  }

  /** {@code <cr name>.<16 hex digits of sha256(uid, event id)>}, a valid DNS subdomain. */
  static String name(GastownResource<?> cr, String eventId) {
    String name = cr.getMetadata().getName();
    if (name.length() > 200) {
      name = name.substring(0, 200).replaceAll("[-.]+$", "");
    }
    byte[] digest =
        StatusHash.sha256((Resources.uid(cr) + "\n" + eventId).getBytes(StandardCharsets.UTF_8));
    return name + "." + HexFormat.of().formatHex(digest, 0, 8);
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
