package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How host agents reach the relay: Service types, an Ingress, a Gateway API route. */
class ChartExposureTest {
  @Test
  void byDefaultOnlyAClusterIpServiceAndNoIngressOrRoute() {
    RenderedChart chart = RenderedChart.render(Map.of());
    assertEquals(
        "ClusterIP", chart.get("Service", "gastown-relay").path("spec").path("type").asText());
    for (String kind : List.of("Ingress", "TLSRoute", "GRPCRoute", "BackendTLSPolicy")) {
      assertTrue(chart.find(kind).isEmpty(), kind);
    }
  }

  @Test
  void aLoadBalancerServiceCarriesGrpcOnlyFromTheAllowedSources() {
    RenderedChart chart = RenderedChart.example("loadbalancer.yaml", Map.of());
    JsonNode service = chart.get("Service", "gastown-relay");
    JsonNode spec = service.path("spec");
    assertEquals("LoadBalancer", spec.path("type").asText());
    assertEquals(
        List.of("203.0.113.0/24"), ChartTlsTest.texts(spec.path("loadBalancerSourceRanges")));
    assertEquals(1, spec.path("ports").size());
    assertEquals("grpc", spec.path("ports").path(0).path("targetPort").asText());
    assertEquals(
        "nlb",
        service
            .path("metadata")
            .path("annotations")
            .path("service.beta.kubernetes.io/aws-load-balancer-type")
            .asText());
    assertEquals(
        "ClusterIP",
        chart.get("Service", "gastown-relay-metrics").path("spec").path("type").asText());
  }

  @Test
  void sourceRangesApplyToLoadBalancersOnly() {
    JsonNode spec =
        RenderedChart.render(Map.of("service.loadBalancerSourceRanges[0]", "203.0.113.0/24"))
            .get("Service", "gastown-relay")
            .path("spec");
    assertFalse(spec.has("loadBalancerSourceRanges"));
    JsonNode nodePort =
        RenderedChart.render(Map.of("service.type", "NodePort"))
            .get("Service", "gastown-relay")
            .path("spec");
    assertEquals("NodePort", nodePort.path("type").asText());
  }

  @Test
  void anNginxIngressSpeaksGrpcOverTlsToTheRelay() {
    RenderedChart chart = RenderedChart.example("ingress-nginx.yaml", Map.of());
    JsonNode ingress = chart.get("Ingress");
    JsonNode annotations = ingress.path("metadata").path("annotations");
    assertEquals(
        "GRPCS", annotations.path("nginx.ingress.kubernetes.io/backend-protocol").asText());
    assertEquals(
        "3600", annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asText());
    assertEquals(
        "3600", annotations.path("nginx.ingress.kubernetes.io/proxy-send-timeout").asText());
    JsonNode spec = ingress.path("spec");
    assertEquals("nginx", spec.path("ingressClassName").asText());
    assertEquals(
        List.of("relay.example.com"), ChartTlsTest.texts(spec.path("tls").path(0).path("hosts")));
    assertEquals("relay-example-com-tls", spec.path("tls").path(0).path("secretName").asText());
    JsonNode rule = spec.path("rules").path(0);
    assertEquals("relay.example.com", rule.path("host").asText());
    JsonNode backend = rule.path("http").path("paths").path(0).path("backend").path("service");
    assertEquals("gastown-relay", backend.path("name").asText());
    assertEquals("grpc", backend.path("port").path("name").asText());
  }

  @Test
  void ingressAnnotationsFromValuesWinAndNginxOnesAreOptional(@TempDir Path work)
      throws IOException {
    Path values = work.resolve("passthrough.yaml");
    Files.writeString(
        values,
        String.join(
            "\n",
            "ingress:",
            "  annotations:",
            "    nginx.ingress.kubernetes.io/ssl-passthrough: \"true\"",
            "    nginx.ingress.kubernetes.io/proxy-read-timeout: \"86400\""));
    JsonNode passthrough =
        RenderedChart.render(List.of(ChartExamples.file("ingress-nginx.yaml"), values), Map.of())
            .get("Ingress")
            .path("metadata")
            .path("annotations");
    assertEquals("true", passthrough.path("nginx.ingress.kubernetes.io/ssl-passthrough").asText());
    assertEquals(
        "86400", passthrough.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asText());
    JsonNode other =
        RenderedChart.example(
                "ingress-nginx.yaml",
                Map.of("ingress.nginxGrpc", "false", "ingress.className", "traefik"))
            .get("Ingress");
    assertFalse(other.path("metadata").has("annotations"));
    assertEquals("traefik", other.path("spec").path("ingressClassName").asText());
  }

  @Test
  void anIngressWithoutAHostStopsTheRender() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () -> RenderedChart.render(Map.of("ingress.enabled", "true")));
    assertTrue(error.getMessage().contains("ingress.host"), error::getMessage);
  }

  @Test
  void aTlsRoutePassesTlsThroughToTheRelayService() {
    RenderedChart chart = RenderedChart.example("gateway-tlsroute.yaml", Map.of());
    JsonNode route = chart.get("TLSRoute");
    assertEquals("gateway.networking.k8s.io/v1", route.path("apiVersion").asText());
    JsonNode spec = route.path("spec");
    JsonNode parent = spec.path("parentRefs").path(0);
    assertEquals("edge", parent.path("name").asText());
    assertEquals("gateways", parent.path("namespace").asText());
    assertEquals("tls-passthrough", parent.path("sectionName").asText());
    assertEquals(List.of("relay.example.com"), ChartTlsTest.texts(spec.path("hostnames")));
    JsonNode backend = spec.path("rules").path(0).path("backendRefs").path(0);
    assertEquals("gastown-relay", backend.path("name").asText());
    assertEquals(
        chart
            .get("Service", "gastown-relay")
            .path("spec")
            .path("ports")
            .path(0)
            .path("port")
            .asInt(),
        backend.path("port").asInt());
    assertTrue(chart.find("BackendTLSPolicy").isEmpty());
    assertTrue(chart.find("GRPCRoute").isEmpty());
    assertEquals(
        "gateway.networking.k8s.io/v1alpha2",
        RenderedChart.example(
                "gateway-tlsroute.yaml",
                Map.of("gateway.tlsRoute.apiVersion", "gateway.networking.k8s.io/v1alpha2"))
            .get("TLSRoute")
            .path("apiVersion")
            .asText());
  }

  @Test
  void aGrpcRouteReEncryptsAndTheGatewayVerifiesTheRelaysCertificate() {
    RenderedChart chart = RenderedChart.example("gateway-grpcroute.yaml", Map.of());
    JsonNode route = chart.get("GRPCRoute");
    assertEquals("gateway.networking.k8s.io/v1", route.path("apiVersion").asText());
    assertEquals(
        "gastown-relay",
        route.path("spec").path("rules").path(0).path("backendRefs").path(0).path("name").asText());
    JsonNode policy = chart.get("BackendTLSPolicy");
    assertEquals("gateway.networking.k8s.io/v1", policy.path("apiVersion").asText());
    JsonNode target = policy.path("spec").path("targetRefs").path(0);
    assertEquals("Service", target.path("kind").asText());
    assertEquals("gastown-relay", target.path("name").asText());
    assertEquals("grpc", target.path("sectionName").asText());
    JsonNode validation = policy.path("spec").path("validation");
    assertEquals(
        "gastown-relay-ca", validation.path("caCertificateRefs").path(0).path("name").asText());
    String hostname = validation.path("hostname").asText();
    assertEquals("gastown-relay.gastown-system.svc", hostname);
    assertTrue(
        ChartTlsTest.texts(chart.get("Certificate").path("spec").path("dnsNames"))
            .contains(hostname));
    assertTrue(chart.find("TLSRoute").isEmpty());
  }

  @Test
  void aGatewayRouteNeedsItsParentsHostnamesAndCa() {
    assertRefused(
        Map.of("gateway.enabled", "true", "gateway.hostnames[0]", "relay.example.com"),
        "gateway.parentRefs");
    assertRefused(
        Map.of("gateway.enabled", "true", "gateway.parentRefs[0].name", "edge"),
        "gateway.hostnames");
    assertRefused(
        Map.of(
            "gateway.enabled", "true",
            "gateway.kind", "GRPCRoute",
            "gateway.parentRefs[0].name", "edge"),
        "gateway.grpcRoute.backendTLS.caConfigMap");
  }

  private static void assertRefused(Map<String, String> values, String naming) {
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> RenderedChart.render(values));
    assertTrue(error.getMessage().contains(naming), error::getMessage);
  }
}
