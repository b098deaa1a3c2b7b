package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The relay's certificate: an existing Secret, or a cert-manager Certificate writing that Secret.
 */
class ChartTlsTest {
  private static final List<String> SERVICE_NAMES =
      List.of(
          "gastown-relay",
          "gastown-relay.gastown-system",
          "gastown-relay.gastown-system.svc",
          "gastown-relay.gastown-system.svc.cluster.local");

  @Test
  void anExistingSecretIsMountedAndNoCertificateRendered() {
    assertEquals("gastown-relay-tls", tlsSecret(RenderedChart.render(Map.of())));
    RenderedChart named = RenderedChart.render(Map.of("tls.secretName", "relay-cert"));
    assertEquals("relay-cert", tlsSecret(named));
    assertTrue(named.find("Certificate").isEmpty());
  }

  @Test
  void certManagerIssuesTheSecretTheRelayMountsForEveryNameAgentsDial() {
    RenderedChart chart = RenderedChart.example("cert-manager.yaml", Map.of());
    JsonNode certificate = chart.get("Certificate");
    assertEquals("cert-manager.io/v1", certificate.path("apiVersion").asText());
    JsonNode spec = certificate.path("spec");
    assertEquals(tlsSecret(chart), spec.path("secretName").asText());
    assertEquals("gastown-ca", spec.path("issuerRef").path("name").asText());
    assertEquals("ClusterIssuer", spec.path("issuerRef").path("kind").asText());
    assertEquals("cert-manager.io", spec.path("issuerRef").path("group").asText());
    List<String> names = new ArrayList<>(SERVICE_NAMES);
    names.add("relay.example.com");
    assertEquals(names, texts(spec.path("dnsNames")));
    assertEquals("2160h", spec.path("duration").asText());
    assertEquals("720h", spec.path("renewBefore").asText());
    assertEquals("ECDSA", spec.path("privateKey").path("algorithm").asText());
    assertEquals("Always", spec.path("privateKey").path("rotationPolicy").asText());
    assertEquals(List.of("server auth", "digital signature"), texts(spec.path("usages")));
  }

  @Test
  void theCertificateNamesTheIngressHostAndTheGatewayHostnamesOnce() {
    RenderedChart chart =
        RenderedChart.example(
            "gateway-tlsroute.yaml",
            Map.of(
                "ingress.enabled", "true",
                "ingress.host", "relay.example.com",
                "gateway.hostnames[1]", "relay.example.org",
                "tls.certManager.ipAddresses[0]", "203.0.113.7"));
    JsonNode spec = chart.get("Certificate").path("spec");
    List<String> names = new ArrayList<>(SERVICE_NAMES);
    names.addAll(List.of("relay.example.com", "relay.example.org"));
    assertEquals(names, texts(spec.path("dnsNames")));
    assertEquals(List.of("203.0.113.7"), texts(spec.path("ipAddresses")));
  }

  @Test
  void anRsaKeyIsAlsoUsedForKeyEnciphermentAndKeySizesMatchTheAlgorithm() {
    JsonNode spec =
        RenderedChart.example(
                "cert-manager.yaml",
                Map.of(
                    "tls.certManager.privateKey.algorithm", "RSA",
                    "tls.certManager.privateKey.size", "3072"))
            .get("Certificate")
            .path("spec");
    assertEquals(3072, spec.path("privateKey").path("size").asInt());
    assertTrue(texts(spec.path("usages")).contains("key encipherment"));
    IllegalStateException rsaWithEcSize =
        assertThrows(
            IllegalStateException.class,
            () ->
                RenderedChart.example(
                    "cert-manager.yaml", Map.of("tls.certManager.privateKey.algorithm", "RSA")));
    assertTrue(rsaWithEcSize.getMessage().contains("2048, 3072 or 4096 for RSA"));
    IllegalStateException ecWithRsaSize =
        assertThrows(
            IllegalStateException.class,
            () ->
                RenderedChart.example(
                    "cert-manager.yaml", Map.of("tls.certManager.privateKey.size", "2048")));
    assertTrue(ecWithRsaSize.getMessage().contains("256 or 384 for ECDSA"));
  }

  @Test
  void certManagerWithoutAnIssuerStopsTheRender() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () -> RenderedChart.render(Map.of("tls.certManager.enabled", "true")));
    assertTrue(error.getMessage().contains("tls.certManager.issuerRef.name"), error::getMessage);
  }

  @Test
  void rotatedCertificatesReachTheRelayThroughAWholeSecretMount() {
    RenderedChart chart = RenderedChart.example("cert-manager.yaml", Map.of());
    for (JsonNode mount : chart.relayContainer().path("volumeMounts")) {
      assertFalse(mount.has("subPath"), mount.toString());
    }
  }

  private static String tlsSecret(RenderedChart chart) {
    for (JsonNode volume : chart.pod().path("volumes")) {
      if (volume.path("name").asText().equals("tls")) {
        return volume.path("secret").path("secretName").asText();
      }
    }
    throw new AssertionError("no tls volume");
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
