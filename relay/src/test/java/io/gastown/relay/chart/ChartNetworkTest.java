package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicy admits only the gRPC and health ports; the ServiceMonitor scrapes /metrics on
 * the health port through the metrics Service only.
 */
class ChartNetworkTest {
  @Test
  void theNetworkPolicyAdmitsOnlyTheGrpcAndHealthPortsFromAnywhereByDefault() {
    RenderedChart chart = RenderedChart.render(Map.of());
    JsonNode spec = chart.get("NetworkPolicy").path("spec");
    assertEquals(
        chart.get("Deployment").path("spec").path("selector").path("matchLabels"),
        spec.path("podSelector").path("matchLabels"));
    assertEquals(List.of("Ingress"), ChartTlsTest.texts(spec.path("policyTypes")));
    assertEquals(List.of("8443/TCP", "8080/TCP"), admittedPorts(spec));
    for (JsonNode rule : spec.path("ingress")) {
      assertFalse(rule.has("from"), rule.toString());
    }
    assertFalse(spec.has("egress"));
  }

  @Test
  void theNetworkPolicyFollowsThePortsAndThePeersOfTheValues() {
    RenderedChart chart =
        RenderedChart.example(
            "ingress-nginx.yaml", Map.of("grpc.port", "9443", "health.port", "9090"));
    JsonNode spec = chart.get("NetworkPolicy").path("spec");
    assertEquals(List.of("9443/TCP", "9090/TCP"), admittedPorts(spec));
    JsonNode grpcFrom = spec.path("ingress").path(0).path("from");
    assertEquals(
        "ingress-nginx",
        grpcFrom
            .path(0)
            .path("namespaceSelector")
            .path("matchLabels")
            .path("kubernetes.io/metadata.name")
            .asText());
    assertFalse(spec.path("ingress").path(1).has("from"));
    List<Integer> containerPorts = new ArrayList<>();
    chart
        .relayContainer()
        .path("ports")
        .forEach(p -> containerPorts.add(p.path("containerPort").asInt()));
    assertEquals(List.of(9443, 9090), containerPorts);
  }

  @Test
  void theNetworkPolicyCanBeLeftOut() {
    assertTrue(
        RenderedChart.render(Map.of("networkPolicy.enabled", "false"))
            .find("NetworkPolicy")
            .isEmpty());
  }

  @Test
  void aServiceMonitorScrapesMetricsOnTheHealthPortThroughTheMetricsServiceOnly() {
    RenderedChart chart = RenderedChart.example("monitoring.yaml", Map.of());
    JsonNode monitor = chart.get("ServiceMonitor");
    assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
    assertEquals(
        "kube-prometheus-stack", monitor.path("metadata").path("labels").path("release").asText());
    JsonNode spec = monitor.path("spec");
    JsonNode selector = spec.path("selector").path("matchLabels");
    assertTrue(selects(selector, chart.get("Service", "gastown-relay-metrics")));
    assertFalse(selects(selector, chart.get("Service", "gastown-relay")));
    assertEquals(
        List.of(RenderedChart.NAMESPACE),
        ChartTlsTest.texts(spec.path("namespaceSelector").path("matchNames")));
    JsonNode endpoint = spec.path("endpoints").path(0);
    assertEquals("metrics", endpoint.path("port").asText());
    assertEquals("/metrics", endpoint.path("path").asText());
    assertEquals("15s", endpoint.path("interval").asText());
    assertEquals("5s", endpoint.path("scrapeTimeout").asText());
    JsonNode healthFrom =
        chart.get("NetworkPolicy").path("spec").path("ingress").path(1).path("from");
    assertEquals(1, healthFrom.size());
    assertTrue(RenderedChart.render(Map.of()).find("ServiceMonitor").isEmpty());
  }

  private static boolean selects(JsonNode matchLabels, JsonNode service) {
    JsonNode labels = service.path("metadata").path("labels");
    for (Map.Entry<String, JsonNode> label : matchLabels.properties()) {
      if (!label.getValue().asText().equals(labels.path(label.getKey()).asText())) {
        return false;
      }
    }
    return true;
  }

  private static List<String> admittedPorts(JsonNode policySpec) {
    List<String> ports = new ArrayList<>();
    for (JsonNode rule : policySpec.path("ingress")) {
      for (JsonNode port : rule.path("ports")) {
        ports.add(port.path("port").asInt() + "/" + port.path("protocol").asText());
      }
    }
    return ports;
  }
}
