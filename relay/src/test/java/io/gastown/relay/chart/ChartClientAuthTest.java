package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates (mTLS) from the chart: the relay's RELAY_CLIENT_AUTH, RELAY_CLIENT_CA_FILE
 * and RELAY_REVOKED_CERTS_FILE point at files of whole-volume mounts (never subPath, so a changed
 * CA bundle or revocation list reaches the relay live), and combinations the relay would refuse at
 * start, or that would lock every host out, stop the render with a message naming the value.
 */
class ChartClientAuthTest {
  private static final List<String> CLIENT_ENV =
      List.of("RELAY_CLIENT_AUTH", "RELAY_CLIENT_CA_FILE", "RELAY_REVOKED_CERTS_FILE");

  @Test
  void byDefaultNoClientCertificateSettingReachesTheRelay() {
    RenderedChart chart = RenderedChart.render(Map.of());
    for (String name : CLIENT_ENV) {
      assertEquals(Optional.empty(), env(chart, name), name);
    }
    assertEquals(List.of("tls", "tokens", "tmp"), volumeNames(chart));
  }

  @Test
  void aCaInTheTlsSecretIsReadFromItsExistingMount() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of("clientAuth.mode", "require", "clientAuth.ca.source", "tlsSecret"));
    assertEquals(Optional.of("require"), env(chart, "RELAY_CLIENT_AUTH"));
    assertEquals(Optional.of("/etc/gastown-relay/tls/ca.crt"), env(chart, "RELAY_CLIENT_CA_FILE"));
    assertEquals(Optional.empty(), env(chart, "RELAY_REVOKED_CERTS_FILE"));
    assertEquals(List.of("tls", "tokens", "tmp"), volumeNames(chart));
    assertEquals("/etc/gastown-relay/tls", mount(chart, "tls").path("mountPath").asText());
  }

  @Test
  void aCaSecretAndARevocationConfigMapAreMountedWholeWithTheirKeys() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("clientAuth.mode", "optional");
    values.put("clientAuth.ca.source", "secret");
    values.put("clientAuth.ca.name", "host-ca");
    values.put("clientAuth.ca.key", "bundle.pem");
    values.put("clientAuth.revokedCerts.source", "configMap");
    values.put("clientAuth.revokedCerts.name", "revoked-hosts");
    RenderedChart chart = RenderedChart.render(values);

    assertEquals(Optional.of("optional"), env(chart, "RELAY_CLIENT_AUTH"));
    assertEquals(
        Optional.of("/etc/gastown-relay/client-ca/bundle.pem"), env(chart, "RELAY_CLIENT_CA_FILE"));
    assertEquals(
        Optional.of("/etc/gastown-relay/revoked-certs/revoked"),
        env(chart, "RELAY_REVOKED_CERTS_FILE"));

    JsonNode ca = volume(chart, "client-ca").path("secret");
    assertEquals("host-ca", ca.path("secretName").asText());
    assertEquals("bundle.pem", ca.path("items").path(0).path("key").asText());
    assertEquals("bundle.pem", ca.path("items").path(0).path("path").asText());
    JsonNode revoked = volume(chart, "revoked-certs").path("configMap");
    assertEquals("revoked-hosts", revoked.path("name").asText());
    assertEquals("revoked", revoked.path("items").path(0).path("key").asText());

    assertEquals(
        "/etc/gastown-relay/client-ca", mount(chart, "client-ca").path("mountPath").asText());
    assertEquals(
        "/etc/gastown-relay/revoked-certs",
        mount(chart, "revoked-certs").path("mountPath").asText());
    for (JsonNode mount : chart.relayContainer().path("volumeMounts")) {
      assertFalse(mount.has("subPath"), "a subPath mount never sees an update: " + mount);
      if (!mount.path("name").asText().equals("tmp")) {
        assertTrue(mount.path("readOnly").asBoolean(), mount.toString());
      }
    }
  }

  @Test
  void aCaConfigMapAndARevocationSecretWork() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of(
                "clientAuth.mode", "require",
                "clientAuth.ca.source", "configMap",
                "clientAuth.ca.name", "host-ca",
                "clientAuth.revokedCerts.source", "secret",
                "clientAuth.revokedCerts.name", "revoked-hosts",
                "clientAuth.revokedCerts.key", "serials"));
    assertEquals("host-ca", volume(chart, "client-ca").path("configMap").path("name").asText());
    assertEquals(
        "ca.crt",
        volume(chart, "client-ca").path("configMap").path("items").path(0).path("key").asText());
    JsonNode revoked = volume(chart, "revoked-certs").path("secret");
    assertEquals("revoked-hosts", revoked.path("secretName").asText());
    assertEquals(
        Optional.of("/etc/gastown-relay/revoked-certs/serials"),
        env(chart, "RELAY_REVOKED_CERTS_FILE"));
  }

  @Test
  void requireWithoutACaStopsTheRender() {
    assertRefused(
        Map.of("clientAuth.mode", "require"),
        "clientAuth.mode=require needs the CA that signs host certificates: set"
            + " clientAuth.ca.source");
    assertRefused(Map.of("clientAuth.mode", "optional"), "clientAuth.mode=optional needs the CA");
  }

  @Test
  void aCaOrARevocationListWithoutAModeStopsTheRender() {
    assertRefused(
        Map.of("clientAuth.ca.source", "tlsSecret"),
        "clientAuth.ca is set but clientAuth.mode is none");
    assertRefused(
        Map.of("clientAuth.revokedCerts.source", "secret", "clientAuth.revokedCerts.name", "r"),
        "clientAuth.revokedCerts needs client certificates");
  }

  @Test
  void aSecretOrConfigMapSourceWithoutANameStopsTheRender() {
    assertRefused(
        Map.of("clientAuth.mode", "require", "clientAuth.ca.source", "configMap"),
        "clientAuth.ca.name: the configMap holding the client CA");
    assertRefused(
        Map.of(
            "clientAuth.mode", "require",
            "clientAuth.ca.source", "tlsSecret",
            "clientAuth.revokedCerts.source", "secret"),
        "clientAuth.revokedCerts.name: the secret holding the revoked certificates");
  }

  @Test
  void requireBehindSomethingThatTerminatesTlsStopsTheRender() {
    assertRefused(
        Map.of(
            "clientAuth.mode", "require",
            "clientAuth.ca.source", "tlsSecret",
            "ingress.enabled", "true",
            "ingress.host", "relay.example.com"),
        "ssl-passthrough");
    assertRefused(
        Map.of(
            "clientAuth.mode", "require",
            "clientAuth.ca.source", "tlsSecret",
            "gateway.enabled", "true",
            "gateway.kind", "GRPCRoute",
            "gateway.parentRefs[0].name", "edge",
            "gateway.grpcRoute.backendTLS.caConfigMap", "relay-ca"),
        "gateway.kind=GRPCRoute");
  }

  @Test
  void requireThroughAPassthroughIngressOrATlsRouteRenders(@TempDir Path work) throws IOException {
    Path passthrough = work.resolve("passthrough.yaml");
    Files.writeString(
        passthrough,
        String.join(
            "\n",
            "clientAuth: {mode: require, ca: {source: tlsSecret}}",
            "ingress:",
            "  enabled: true",
            "  host: relay.example.com",
            "  annotations:",
            "    nginx.ingress.kubernetes.io/ssl-passthrough: \"true\"",
            ""));
    assertEquals(
        Optional.of("require"),
        env(RenderedChart.render(List.of(passthrough), Map.of()), "RELAY_CLIENT_AUTH"));
    RenderedChart tlsRoute =
        RenderedChart.example(
            "gateway-tlsroute.yaml",
            Map.of("clientAuth.mode", "require", "clientAuth.ca.source", "tlsSecret"));
    assertEquals(Optional.of("require"), env(tlsRoute, "RELAY_CLIENT_AUTH"));
  }

  @Test
  void theMtlsRecipeRequiresCertificatesAndItsNotesSayHowToIssueAndRevokeThem() {
    RenderedChart chart = RenderedChart.example("mtls.yaml", Map.of());
    assertEquals(Optional.of("require"), env(chart, "RELAY_CLIENT_AUTH"));
    assertEquals("host-ca", volume(chart, "client-ca").path("configMap").path("name").asText());
    String notes = RenderedChart.notes(List.of(ChartExamples.file("mtls.yaml")), Map.of());
    assertTrue(notes.contains("clientAuth.mode=require"), notes);
    assertTrue(notes.contains("key ca.crt of configMap host-ca"), notes);
    assertTrue(notes.contains("scripts/gen-certs.sh OUT --host <host-id>"), notes);
    assertTrue(notes.contains("key revoked of configMap revoked-hosts"), notes);
    assertFalse(RenderedChart.notes(List.of(), Map.of()).contains("Client certificates"));
  }

  @Test
  void theSchemaRefusesAnUnknownModeOrSource() {
    assertThrows(
        IllegalStateException.class,
        () -> RenderedChart.render(Map.of("clientAuth.mode", "required")));
    assertThrows(
        IllegalStateException.class,
        () ->
            RenderedChart.render(
                Map.of("clientAuth.mode", "require", "clientAuth.ca.source", "file")));
    assertThrows(
        IllegalStateException.class,
        () ->
            RenderedChart.render(
                Map.of(
                    "clientAuth.mode", "require",
                    "clientAuth.ca.source", "secret",
                    "clientAuth.ca.name", "ca",
                    "clientAuth.ca.key", "../etc/passwd")));
  }

  private static void assertRefused(Map<String, String> values, String message) {
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> RenderedChart.render(values));
    assertTrue(error.getMessage().contains(message), error::getMessage);
  }

  private static Optional<String> env(RenderedChart chart, String name) {
    for (JsonNode env : chart.relayContainer().path("env")) {
      if (env.path("name").asText().equals(name)) {
        return Optional.of(env.path("value").asText());
      }
    }
    return Optional.empty();
  }

  private static List<String> volumeNames(RenderedChart chart) {
    List<String> names = new ArrayList<>();
    chart.pod().path("volumes").forEach(v -> names.add(v.path("name").asText()));
    return names;
  }

  private static JsonNode volume(RenderedChart chart, String name) {
    for (JsonNode v : chart.pod().path("volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name + " in " + chart.pod().path("volumes"));
  }

  private static JsonNode mount(RenderedChart chart, String name) {
    for (JsonNode m : chart.relayContainer().path("volumeMounts")) {
      if (m.path("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no mount " + name);
  }
}
