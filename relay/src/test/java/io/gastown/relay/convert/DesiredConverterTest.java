package io.gastown.relay.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.PolecatDesiredState;
import io.gastown.proto.v1.Resource;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.RigSpec;
import io.gastown.relay.support.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredConverterTest {

  @Test
  void aPolecatCarriesItsSpecGenerationAndReference() {
    Resource r = DesiredConverter.toProto(Fixtures.polecat("p", "r"), "laptop");
    assertEquals(Kind.KIND_POLECAT, r.getRef().getKind());
    assertEquals("ns", r.getRef().getNamespace());
    assertEquals("uid-p", r.getRef().getUid());
    assertEquals(3, r.getGeneration());
    assertEquals("42", r.getResourceVersion());
    assertEquals("gt-abc12", r.getPolecat().getBeadId());
    assertEquals(
        PolecatDesiredState.POLECAT_DESIRED_STATE_WORKING, r.getPolecat().getDesiredState());
    assertEquals("mr", r.getPolecat().getMerge());
  }

  @Test
  void aRigCarriesTheResolvedHostAndItsPolicy() {
    Resource r = DesiredConverter.toProto(Fixtures.rig("r", null, RigSpec.REMOVE), "default-host");
    assertEquals("default-host", r.getRig().getHost());
    assertEquals(DeletionPolicy.DELETION_POLICY_REMOVE, r.getRig().getDeletionPolicy());
    assertEquals("", r.getRef().getNamespace());
  }

  @Test
  void deletionIsRequestedOnlyWhenTheCrIsDeletedAndHoldsOurFinalizer() {
    Polecat p = Fixtures.polecat("p", "r");
    p.getMetadata().setDeletionTimestamp("2026-05-01T10:00:00Z");
    assertFalse(DesiredConverter.toProto(p, "h").getDeletionRequested());
    p.getMetadata().setFinalizers(new ArrayList<>(List.of(GastownNames.FINALIZER)));
    assertTrue(DesiredConverter.toProto(p, "h").getDeletionRequested());
  }

  @Test
  void onlyGastownAnnotationsAndTheOriginLabelAreForwarded() {
    Polecat p = Fixtures.polecat("p", "r");
    p.getMetadata()
        .setAnnotations(Map.of("gastown.gastown.io/force-delete", "true", "other/x", "y"));
    p.getMetadata().setLabels(Map.of(GastownNames.ORIGIN_LABEL, "town", "app", "z"));
    Resource r = DesiredConverter.toProto(p, "h");
    assertEquals(Map.of("gastown.gastown.io/force-delete", "true"), r.getAnnotationsMap());
    assertEquals(Map.of(GastownNames.ORIGIN_LABEL, "town"), r.getLabelsMap());
  }

  @Test
  void aConvoyCarriesItsTrackedBeadsAndTheStatusHashIgnoresSeqAndEvents() {
    Resource r = DesiredConverter.toProto(Fixtures.convoy("c", null, "h"), "h");
    assertEquals(List.of("gt-abc12", "gt-def34"), r.getConvoy().getTrackedBeadsList());
    assertEquals("you@x", r.getConvoy().getNotify());

    io.gastown.proto.v1.StatusReport a =
        io.gastown.proto.v1.StatusReport.newBuilder().setSeq(1).setObservedGeneration(2).build();
    io.gastown.proto.v1.StatusReport b =
        a.toBuilder()
            .setSeq(9)
            .addEvents(io.gastown.proto.v1.Event.newBuilder().setId("e"))
            .build();
    assertEquals(StatusHash.of(a), StatusHash.of(b));
    assertEquals(64, StatusHash.of(a).length());
  }
}
