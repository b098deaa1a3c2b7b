package io.gastown.relay.support;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.ConvoySpec;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.PolecatSpec;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;
import java.util.List;

/** CR objects for unit tests, without an API server. */
public final class Fixtures {
  private Fixtures() {}

  public static Rig rig(String name, String host) {
    return rig(name, host, null);
  }

  public static Rig rig(String name, String host, String deletionPolicy) {
    Rig rig = new Rig();
    rig.setMetadata(
        new ObjectMetaBuilder().withName(name).withUid("uid-" + name).withGeneration(1L).build());
    rig.setSpec(
        new RigSpec("https://example.com/x.git", "gt", null, host, null, null, deletionPolicy));
    return rig;
  }

  public static Polecat polecat(String name, String rig) {
    Polecat p = new Polecat();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("ns")
            .withUid("uid-" + name)
            .withGeneration(3L)
            .withResourceVersion("42")
            .build());
    p.setSpec(new PolecatSpec(rig, "gt-abc12", null, "claude", "subject", "msg", "mr", "main"));
    return p;
  }

  public static Convoy convoy(String name, String rig, String host) {
    Convoy c = new Convoy();
    c.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("ns").withUid("uid-" + name).build());
    c.setSpec(
        new ConvoySpec(
            "batch", List.of("gt-abc12", "gt-def34"), rig, host, "me", "you@x", null, null, null));
    return c;
  }
}
