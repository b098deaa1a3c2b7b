package io.gastown.relay.mirror;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.ConvoySpec;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.MirrorObject;
import io.gastown.proto.v1.MirrorReport;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.RigSpec;
import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.Rig;
import io.gastown.relay.support.FakeAgent;
import io.gastown.relay.support.RelayHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relay side of the mirror with fake agents: complete reports of live sessions become labelled
 * CRs (Retain, no finalizer), changed specs are updated, objects that left the town are deleted;
 * partial reports and hosts that did not declare the mirror change nothing.
 */
class MirrorIT extends RelayHarness {
  static final Duration WAIT = Duration.ofSeconds(10);

  static MirrorObject rigObject(String gt) {
    return MirrorObject.newBuilder()
        .setKind(Kind.KIND_RIG)
        .setTownName(gt)
        .setResource(
            Resource.newBuilder()
                .setRig(
                    RigSpec.newBuilder()
                        .setGitUrl("https://example.com/" + gt + ".git")
                        .setBeadsPrefix("mr")
                        .setRigName(gt)))
        .build();
  }

  static MirrorObject polecatObject(String rig, String name, String bead) {
    return MirrorObject.newBuilder()
        .setKind(Kind.KIND_POLECAT)
        .setTownName(rig + "/" + name)
        .setResource(Resource.newBuilder().setPolecat(PolecatSpec.newBuilder().setBeadId(bead)))
        .build();
  }

  static MirrorObject convoyObject(String id, String... beads) {
    return MirrorObject.newBuilder()
        .setKind(Kind.KIND_CONVOY)
        .setTownName(id)
        .setResource(
            Resource.newBuilder()
                .setConvoy(
                    ConvoySpec.newBuilder()
                        .setDescription("Town work")
                        .addAllTrackedBeads(List.of(beads))))
        .build();
  }

  static void mirror(FakeAgent a, boolean complete, MirrorObject... objects) {
    a.send(
        AgentMessage.newBuilder()
            .setMirror(
                MirrorReport.newBuilder().setComplete(complete).addAllObjects(List.of(objects)))
            .build());
  }

  FakeAgent mirroringAgent(String host, boolean declare) {
    FakeAgent a = agent(host);
    var hello = FakeAgent.hello(host, 1, 1);
    if (declare) {
      hello.addCapabilities(Mirror.CAPABILITY);
    }
    a.send(AgentMessage.newBuilder().setHello(hello).build());
    a.await(RelayMessage::hasResyncEnd);
    return a;
  }

  @Test
  void townObjectsBecomeLabelledRetainedCrsThatFollowTheTown() {
    FakeAgent golf = mirroringAgent("golf", true);
    mirror(
        golf,
        true,
        rigObject("golf_rig"),
        polecatObject("golf_rig", "nux", "mr-abc12"),
        convoyObject("hq-cv-golf1", "mr-abc12"));

    await().atMost(WAIT).until(() -> liveRig("golf-rig") != null);
    Rig rig = liveRig("golf-rig");
    assertEquals("town", rig.getMetadata().getLabels().get(GastownNames.ORIGIN_LABEL));
    assertEquals("golf", rig.getSpec().host());
    assertEquals("golf_rig", rig.getSpec().rigName());
    assertEquals("Retain", rig.getSpec().deletionPolicy());
    await().atMost(WAIT).until(() -> mirrored(Polecat.class, "golf-rig-nux") != null);
    Polecat p = mirrored(Polecat.class, "golf-rig-nux");
    assertEquals("golf-rig", p.getSpec().rig());
    assertEquals("mr-abc12", p.getSpec().beadID());
    assertEquals("golf_rig/nux", p.getMetadata().getAnnotations().get(MirrorNames.TOWN_NAME));
    await().atMost(WAIT).until(() -> mirrored(Convoy.class, "hq-cv-golf1") != null);
    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(
            () -> mirrored(Polecat.class, "golf-rig-nux").getMetadata().getFinalizers().isEmpty());
    // the mirrored Rig routes back to its host like any Rig
    golf.await(
        m -> m.hasUpsert() && m.getUpsert().getResource().getRef().getName().equals("golf-rig"));

    mirror(golf, true, rigObject("golf_rig"), convoyObject("hq-cv-golf1", "mr-abc12", "mr-def34"));
    await().atMost(WAIT).until(() -> mirrored(Polecat.class, "golf-rig-nux") == null);
    await()
        .atMost(WAIT)
        .until(() -> mirrored(Convoy.class, "hq-cv-golf1").getSpec().trackedBeads().size() == 2);
    assertTrue(liveRig("golf-rig") != null);
  }

  @Test
  void partialReportsAndHostsWithoutTheCapabilityChangeNothing() {
    FakeAgent hotel = mirroringAgent("hotel", false);
    mirror(hotel, true, rigObject("hotel_rig"));
    FakeAgent india = mirroringAgent("india", true);
    mirror(india, false, rigObject("india_rig"));
    await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> true);
    assertNull(liveRig("hotel-rig"));
    assertNull(liveRig("india-rig"));
  }

  static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T mirrored(
      Class<T> type, String name) {
    return kube.resources(type).inNamespace("default").withName(name).get();
  }
}
