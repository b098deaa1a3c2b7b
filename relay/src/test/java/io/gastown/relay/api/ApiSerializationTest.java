package io.gastown.relay.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gastown.relay.support.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CR classes speak exactly the JSON of docs/crd-reference.md (notes/crd-fields.md). */
class ApiSerializationTest {
  private final KubernetesSerialization json = new KubernetesSerialization();

  @Test
  void rigUsesTheCrdFieldNamesAndReadsBackAsARig() {
    Rig rig = Fixtures.rig("r", "laptop", RigSpec.REMOVE);
    rig.setStatus(
        new RigStatus(
            2L,
            "laptop",
            "Ready",
            "/town/r",
            "r",
            "gt",
            "operational",
            "running",
            "stopped",
            1,
            0,
            3,
            List.of(new Condition("Ready", "True", "RigAdded", "ok", "2026-01-01T00:00:00Z", 2L))));
    String text = json.asJson(rig);

    assertTrue(text.contains("\"apiVersion\":\"gastown.gastown.io/v1alpha1\""), text);
    assertTrue(text.contains("\"kind\":\"Rig\""), text);
    assertTrue(text.contains("\"gitURL\":"), text);
    assertTrue(text.contains("\"beadsPrefix\":\"gt\""), text);
    assertTrue(text.contains("\"deletionPolicy\":\"Remove\""), text);
    assertTrue(text.contains("\"activeConvoys\":3"), text);
    assertTrue(text.contains("\"lastTransitionTime\":\"2026-01-01T00:00:00Z\""), text);
    assertFalse(text.contains("null"), "absent fields are left out: " + text);
    Rig back = assertInstanceOf(Rig.class, json.unmarshal(text, Rig.class));
    assertEquals(rig.getSpec(), back.getSpec());
    assertEquals(rig.getStatus(), back.getStatus());
  }

  @Test
  void polecatAndConvoyUseTheirCamelCaseIdFields() {
    Polecat polecat = Fixtures.polecat("p", "r");
    polecat.setStatus(
        new PolecatStatus(
            3L,
            "h",
            "Working",
            "furiosa",
            "gt-r-furiosa",
            true,
            "polecat/furiosa",
            "/c",
            null,
            "gt-abc12",
            "r",
            null));
    String p = json.asJson(polecat);
    assertTrue(p.contains("\"beadID\":\"gt-abc12\""), p);
    assertTrue(p.contains("\"sessionRunning\":true"), p);
    assertTrue(p.contains("\"namespace\":\"ns\""), p);

    Convoy convoy = Fixtures.convoy("c", "r", null);
    convoy.setStatus(
        new ConvoyStatus(
            null,
            "h",
            "hq-cv-abcde",
            "Open",
            "1/2",
            1,
            2,
            List.of(new TrackedBead("gt-abc12", "t", "closed", "r/polecats/furiosa")),
            null,
            null,
            null));
    String c = json.asJson(convoy);
    assertTrue(c.contains("\"convoyID\":\"hq-cv-abcde\""), c);
    assertTrue(c.contains("\"notify\":\"you@x\""), c);
    assertTrue(c.contains("\"trackedBeads\":[\"gt-abc12\",\"gt-def34\"]"), c);
    assertEquals(convoy.getStatus(), json.unmarshal(c, Convoy.class).getStatus());
  }

  @Test
  void unknownFieldsAreIgnored() {
    String text =
        "{\"apiVersion\":\"gastown.gastown.io/v1alpha1\",\"kind\":\"Rig\",\"metadata\":{\"name\":\"r\"},"
            + "\"spec\":{\"gitURL\":\"https://a\",\"beadsPrefix\":\"gt\",\"future\":1},"
            + "\"status\":{\"phase\":\"Ready\",\"future\":{}}}";
    Rig rig = json.unmarshal(text, Rig.class);
    assertEquals("https://a", rig.getSpec().gitURL());
    assertEquals("Ready", rig.getStatus().phase());
  }
}
