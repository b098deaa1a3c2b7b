package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every values combination docs/operations.md documents (helm/gastown-relay/examples/*.yaml) lints
 * strictly and renders a relay that is still non-root, read-only and fenced by its NetworkPolicy;
 * its NOTES tell the user how to connect a host.
 */
class ChartExamplesTest {
  static Stream<Path> examples() {
    return ChartExamples.files().stream();
  }

  @Test
  void theRecipesOfTheDocsAllExist() {
    List<String> names =
        ChartExamples.files().stream().map(f -> f.getFileName().toString()).toList();
    assertEquals(
        List.of(
            "cert-manager.yaml",
            "gateway-grpcroute.yaml",
            "gateway-tlsroute.yaml",
            "ha.yaml",
            "ingress-nginx.yaml",
            "loadbalancer.yaml",
            "monitoring.yaml",
            "mtls.yaml"),
        names);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void lintsStrictly(Path example, @TempDir Path work) {
    LintResult lint = ChartCopy.withValues(work, example).lint().strict().call();
    assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void rendersANonRootRelayInTheReleaseNamespace(Path example) {
    RenderedChart chart = RenderedChart.render(List.of(example), Map.of());
    JsonNode security = chart.relayContainer().path("securityContext");
    assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
    assertTrue(security.path("runAsNonRoot").asBoolean());
    assertTrue(chart.pod().path("securityContext").path("runAsNonRoot").asBoolean());
    assertTrue(chart.find("NetworkPolicy").isPresent());
    for (JsonNode m : chart.manifests()) {
      assertFalse(m.path("metadata").path("name").asText().isEmpty(), m.toString());
      if (!m.path("kind").asText().startsWith("Cluster")) {
        assertEquals(RenderedChart.NAMESPACE, m.path("metadata").path("namespace").asText());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void notesNameTheAddressTheTokenAndTheCa(Path example) {
    String notes = RenderedChart.notes(List.of(example), Map.of());
    assertTrue(notes.contains("1. Address."), notes);
    assertTrue(notes.contains("address: "), notes);
    assertTrue(notes.contains("2. Token."), notes);
    assertTrue(notes.contains("\n\n3. CA."), notes);
    assertTrue(notes.contains("host-agent doctor"), notes);
  }

  @Test
  void notesFollowTheWayTheRelayIsReached() {
    String ingress =
        RenderedChart.notes(List.of(ChartExamples.file("ingress-nginx.yaml")), Map.of());
    assertTrue(ingress.contains("address: relay.example.com:443"), ingress);
    assertTrue(ingress.contains("client certificates (mTLS) do not"), ingress);
    String tlsRoute =
        RenderedChart.notes(List.of(ChartExamples.file("gateway-tlsroute.yaml")), Map.of());
    assertTrue(tlsRoute.contains("address: relay.example.com:<port"), tlsRoute);
    assertTrue(tlsRoute.contains("cert-manager issues it"), tlsRoute);
    assertTrue(tlsRoute.contains("get secret gastown-relay-tls"), tlsRoute);
    String lb = RenderedChart.notes(List.of(ChartExamples.file("loadbalancer.yaml")), Map.of());
    assertTrue(lb.contains("{.status.loadBalancer.ingress[0]}"), lb);
    assertTrue(lb.contains("Secret gastown-relay-tokens"), lb);
    String ha = RenderedChart.notes(List.of(ChartExamples.file("ha.yaml")), Map.of());
    assertTrue(ha.contains("High availability: 2 replicas."), ha);
    assertTrue(ha.contains("docs/protocol.md"), ha);
    assertTrue(ha.contains("PodDisruptionBudget"), ha);
    String monitoring =
        RenderedChart.notes(List.of(ChartExamples.file("monitoring.yaml")), Map.of());
    assertTrue(monitoring.contains("ServiceMonitor gastown-relay scrapes /metrics"), monitoring);
    assertTrue(monitoring.contains("health and metrics, from the listed peers"), monitoring);
    String single = RenderedChart.notes(List.of(), Map.of());
    assertFalse(single.contains("High availability"), single);
    assertFalse(single.contains("ServiceMonitor"), single);
  }
}
