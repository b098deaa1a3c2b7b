package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One replica by default; two supported: a PodDisruptionBudget and a spread over nodes come with
 * them. Probes and resources follow the values.
 */
class ChartAvailabilityTest {
  @Test
  void oneReplicaHasNoDisruptionBudgetAndNoSpread() {
    RenderedChart chart = RenderedChart.render(Map.of());
    assertEquals(1, chart.get("Deployment").path("spec").path("replicas").asInt());
    assertTrue(chart.find("PodDisruptionBudget").isEmpty());
    assertFalse(chart.pod().has("topologySpreadConstraints"));
  }

  @Test
  void twoReplicasGetADisruptionBudgetAndSpreadOverNodes() {
    RenderedChart chart = RenderedChart.example("ha.yaml", Map.of());
    JsonNode selector = chart.get("Deployment").path("spec").path("selector").path("matchLabels");
    assertEquals(2, chart.get("Deployment").path("spec").path("replicas").asInt());
    JsonNode pdb = chart.get("PodDisruptionBudget");
    assertEquals("policy/v1", pdb.path("apiVersion").asText());
    assertEquals(1, pdb.path("spec").path("maxUnavailable").asInt());
    assertEquals("AlwaysAllow", pdb.path("spec").path("unhealthyPodEvictionPolicy").asText());
    assertEquals(selector, pdb.path("spec").path("selector").path("matchLabels"));
    JsonNode spread = chart.pod().path("topologySpreadConstraints");
    assertEquals(1, spread.size());
    assertEquals("kubernetes.io/hostname", spread.path(0).path("topologyKey").asText());
    assertEquals("ScheduleAnyway", spread.path(0).path("whenUnsatisfiable").asText());
    assertEquals(selector, spread.path(0).path("labelSelector").path("matchLabels"));
    assertEquals(
        List.of("pod-template-hash"), ChartTlsTest.texts(spread.path(0).path("matchLabelKeys")));
  }

  @Test
  void theBudgetAndTheSpreadFollowTheValues() {
    RenderedChart percent =
        RenderedChart.example("ha.yaml", Map.of("podDisruptionBudget.maxUnavailable", "50%"));
    assertEquals(
        "50%", percent.get("PodDisruptionBudget").path("spec").path("maxUnavailable").asText());
    assertTrue(
        RenderedChart.example("ha.yaml", Map.of("podDisruptionBudget.enabled", "false"))
            .find("PodDisruptionBudget")
            .isEmpty());
    JsonNode zones =
        RenderedChart.example(
                "ha.yaml",
                Map.of(
                    "topologySpreadConstraints[0].maxSkew", "1",
                    "topologySpreadConstraints[0].topologyKey", "topology.kubernetes.io/zone",
                    "topologySpreadConstraints[0].whenUnsatisfiable", "DoNotSchedule"))
            .pod()
            .path("topologySpreadConstraints");
    assertEquals(1, zones.size());
    assertEquals("topology.kubernetes.io/zone", zones.path(0).path("topologyKey").asText());
  }

  @Test
  void probesUseTheHealthPortWithTheTimingsOfTheValues() {
    JsonNode container =
        RenderedChart.render(Map.of("probes.liveness.failureThreshold", "5")).relayContainer();
    JsonNode startup = container.path("startupProbe");
    assertEquals("/readyz", startup.path("httpGet").path("path").asText());
    assertEquals("health", startup.path("httpGet").path("port").asText());
    assertEquals(2, startup.path("periodSeconds").asInt());
    assertEquals(60, startup.path("failureThreshold").asInt());
    JsonNode liveness = container.path("livenessProbe");
    assertEquals("/healthz", liveness.path("httpGet").path("path").asText());
    assertEquals(5, liveness.path("failureThreshold").asInt());
    assertEquals(10, liveness.path("periodSeconds").asInt());
    JsonNode readiness = container.path("readinessProbe");
    assertEquals("/readyz", readiness.path("httpGet").path("path").asText());
    assertEquals(5, readiness.path("periodSeconds").asInt());
  }

  @Test
  void resourcesAndJvmOptionsFollowTheValues() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of("resources.limits.memory", "512Mi", "resources.requests.cpu", "100m"));
    JsonNode resources = chart.relayContainer().path("resources");
    assertEquals("512Mi", resources.path("limits").path("memory").asText());
    assertEquals("100m", resources.path("requests").path("cpu").asText());
    assertEquals("384Mi", resources.path("requests").path("memory").asText());
    String javaOpts = "";
    for (JsonNode env : chart.relayContainer().path("env")) {
      if (env.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
        javaOpts = env.path("value").asText();
      }
    }
    assertTrue(javaOpts.contains("-XX:MaxRAMPercentage=36"), javaOpts);
  }
}
