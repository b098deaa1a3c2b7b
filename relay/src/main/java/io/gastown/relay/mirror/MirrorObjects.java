package io.gastown.relay.mirror;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.gastown.proto.v1.MirrorObject;
import io.gastown.proto.v1.MirrorReport;
import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.ConvoySpec;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.PolecatSpec;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRs a complete mirror report asks for: one per town object, labelled as mirrored from this
 * host's town, with {@code deletionPolicy: Retain}, the town name in an annotation, and a spec that
 * describes the object as it is. Pure. Objects of an unknown kind or without a name are left out.
 */
final class MirrorObjects {
  private MirrorObjects() {}

  static Map<ResourceKey, GastownResource<?>> desired(
      String host, String namespace, MirrorReport report) {
    Map<ResourceKey, GastownResource<?>> out = new LinkedHashMap<>();
    for (MirrorObject o : report.getObjectsList()) {
      if (o.getTownName().isEmpty()) {
        continue;
      }
      GastownResource<?> cr =
          switch (o.getKind()) {
            case KIND_RIG -> rig(host, o);
            case KIND_POLECAT -> polecat(host, namespace, o);
            case KIND_CONVOY -> convoy(host, namespace, o);
            default -> null;
          };
      if (cr != null) {
        out.putIfAbsent(ResourceKey.of(cr), cr);
      }
    }
    return out;
  }

  private static Rig rig(String host, MirrorObject o) {
    var s = o.getResource().getRig();
    Rig rig = new Rig();
    rig.setMetadata(meta(MirrorNames.rig(o.getTownName()), null, host, o.getTownName()));
    rig.setSpec(
        new RigSpec(
            s.getGitUrl(), s.getBeadsPrefix(), null, host, o.getTownName(), null, RigSpec.RETAIN));
    return rig;
  }

  private static Polecat polecat(String host, String namespace, MirrorObject o) {
    String[] address = o.getTownName().split("/", 2);
    if (address.length != 2) {
      return null;
    }
    var s = o.getResource().getPolecat();
    Polecat p = new Polecat();
    p.setMetadata(
        meta(MirrorNames.polecat(address[0], address[1]), namespace, host, o.getTownName()));
    p.setSpec(
        new PolecatSpec(
            s.getRig().isEmpty() ? MirrorNames.rig(address[0]) : s.getRig(),
            s.getBeadId(),
            "Working",
            null,
            null,
            null,
            null,
            null));
    return p;
  }

  private static Convoy convoy(String host, String namespace, MirrorObject o) {
    var s = o.getResource().getConvoy();
    Convoy c = new Convoy();
    c.setMetadata(meta(MirrorNames.convoy(o.getTownName()), namespace, host, o.getTownName()));
    c.setSpec(
        new ConvoySpec(
            s.getDescription(),
            List.copyOf(s.getTrackedBeadsList()),
            null,
            host,
            null,
            null,
            null,
            null,
            ConvoySpec.RETAIN));
    return c;
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta meta(
      String name, String namespace, String host, String townName) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(
            Map.of(
                GastownNames.ORIGIN_LABEL, MirrorNames.ORIGIN_TOWN, MirrorNames.MIRROR_HOST, host))
        .withAnnotations(Map.of(MirrorNames.TOWN_NAME, townName))
        .build();
  }
}
