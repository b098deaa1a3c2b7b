package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay chart lints strictly and renders a least-privilege, non-root relay wired the way the
 * relay reads its configuration (RELAY_* variables, files under /etc/gastown-relay).
 */
class ChartTest {
  private static final String LAPTOP_TOKEN = "raw-token-of-the-laptop-0123456789";
  private static final String CI_TOKEN = "raw-token-of-the-ci-runner-987654";
  private static RenderedChart defaults;

  @BeforeAll
  static void renderDefaults() {
    defaults = RenderedChart.render(Map.of());
  }

  @Test
  void lintsStrictlyWithoutFindings() {
    LintResult lint = RenderedChart.chart().lint().strict().call();
    assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
  }

  @Test
  void rendersTheRelayAndItsAccessOnly() {
    assertEquals(
        List.of(
            "ClusterRole",
            "ClusterRoleBinding",
            "Deployment",
            "NetworkPolicy",
            "Role",
            "RoleBinding",
            "Secret",
            "Service",
            "Service",
            "ServiceAccount"),
        defaults.kinds());
    for (JsonNode m : defaults.manifests()) {
      if (!m.path("kind").asText().startsWith("Cluster")) {
        assertEquals(RenderedChart.NAMESPACE, m.path("metadata").path("namespace").asText());
      }
    }
  }

  @Test
  void relayRunsAsNonRootWithAReadOnlyRootFilesystem() {
    JsonNode pod = defaults.get("Deployment").path("spec").path("template").path("spec");
    JsonNode container = relayContainer();
    assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
    assertEquals(
        "RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText());
    JsonNode security = container.path("securityContext");
    assertTrue(security.path("runAsNonRoot").asBoolean());
    assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
    assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true));
    assertEquals(List.of("ALL"), texts(security.path("capabilities").path("drop")));
    assertTrue(security.path("capabilities").path("add").isMissingNode());
    assertEquals("RuntimeDefault", security.path("seccompProfile").path("type").asText());
    assertEquals("tmp", mountAt(container, "/tmp").path("name").asText());
    assertEquals(List.of("java", "-jar", "/app/relay.jar"), texts(container.path("command")));
  }

  @Test
  void relayIsConfiguredThroughItsEnvironment() {
    Map<String, String> env = new HashMap<>();
    Map<String, String> fieldRefs = new HashMap<>();
    for (JsonNode var : relayContainer().path("env")) {
      String name = var.path("name").asText();
      if (var.has("valueFrom")) {
        fieldRefs.put(name, var.path("valueFrom").path("fieldRef").path("fieldPath").asText());
      } else {
        env.put(name, var.path("value").asText());
      }
    }
    assertEquals("8443", env.get("RELAY_GRPC_PORT"));
    assertEquals("8080", env.get("RELAY_HEALTH_PORT"));
    assertEquals("/etc/gastown-relay/tls/tls.crt", env.get("RELAY_TLS_CERT_FILE"));
    assertEquals("/etc/gastown-relay/tls/tls.key", env.get("RELAY_TLS_KEY_FILE"));
    assertEquals("/etc/gastown-relay/tokens/tokens", env.get("RELAY_TOKENS_FILE"));
    assertEquals("", env.get("RELAY_DEFAULT_HOST"));
    assertEquals(RenderedChart.RELEASE, env.get("RELAY_CLUSTER_NAME"));
    assertEquals(
        Map.of("RELAY_ID", "metadata.name", "POD_NAMESPACE", "metadata.namespace"), fieldRefs);
  }

  @Test
  void defaultHostAndClusterNameComeFromValues() {
    RenderedChart chart =
        RenderedChart.render(Map.of("defaultHost", "laptop", "clusterName", "prod-eu"));
    Map<String, String> env = new HashMap<>();
    chart
        .get("Deployment")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .path(0)
        .path("env")
        .forEach(v -> env.put(v.path("name").asText(), v.path("value").asText()));
    assertEquals("laptop", env.get("RELAY_DEFAULT_HOST"));
    assertEquals("prod-eu", env.get("RELAY_CLUSTER_NAME"));
  }

  @Test
  void aDefaultHostThatIsNoHostIdStopsTheRender() {
    assertThrows(
        IllegalStateException.class, () -> RenderedChart.render(Map.of("defaultHost", "--laptop")));
  }

  @Test
  void secretsAreMountedWhereTheEnvironmentPointsAndProbesUseTheHealthPort() {
    JsonNode container = relayContainer();
    JsonNode volumes =
        defaults.get("Deployment").path("spec").path("template").path("spec").path("volumes");
    assertEquals("tls", mountAt(container, "/etc/gastown-relay/tls").path("name").asText());
    assertEquals("tokens", mountAt(container, "/etc/gastown-relay/tokens").path("name").asText());
    assertEquals(
        "gastown-relay-tls", volume(volumes, "tls").path("secret").path("secretName").asText());
    assertEquals(
        "gastown-relay-tokens",
        volume(volumes, "tokens").path("secret").path("secretName").asText());
    assertTrue(volume(volumes, "tmp").has("emptyDir"));
    assertEquals("/healthz", container.path("livenessProbe").path("httpGet").path("path").asText());
    assertEquals("/readyz", container.path("readinessProbe").path("httpGet").path("path").asText());
    assertEquals("health", container.path("livenessProbe").path("httpGet").path("port").asText());
    assertEquals("health", container.path("readinessProbe").path("httpGet").path("port").asText());
  }

  @Test
  void serviceCarriesGrpcOnlyAndTheHealthPortHasAClusterIpServiceOfItsOwn() {
    JsonNode service = defaults.get("Service", "gastown-relay").path("spec");
    assertEquals("ClusterIP", service.path("type").asText());
    assertEquals(Map.of("grpc", "8443->grpc"), ports(service));
    JsonNode metrics = defaults.get("Service", "gastown-relay-metrics").path("spec");
    assertEquals("ClusterIP", metrics.path("type").asText());
    assertEquals(Map.of("metrics", "8080->health"), ports(metrics));
    assertEquals(
        defaults.get("Deployment").path("spec").path("selector").path("matchLabels"),
        metrics.path("selector"));
    Map<String, Integer> containerPorts = new HashMap<>();
    relayContainer()
        .path("ports")
        .forEach(p -> containerPorts.put(p.path("name").asText(), p.path("containerPort").asInt()));
    assertEquals(Map.of("grpc", 8443, "health", 8080), containerPorts);
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheRelayNeeds() {
    Set<String> expected = new TreeSet<>();
    for (String kind : List.of("rigs", "polecats", "convoys")) {
      grant(expected, "gastown.gastown.io", kind, "get", "list", "watch", "update");
      grant(expected, "gastown.gastown.io", kind, "create", "delete"); // the mirror
      grant(expected, "gastown.gastown.io", kind + "/status", "update");
    }
    grant(expected, "", "events", "create");
    grant(expected, "apiextensions.k8s.io", "customresourcedefinitions", "list", "watch");
    grant(expected, "olympus.io", "automatons", "get", "list", "watch", "update");
    grant(expected, "olympus.io", "automatons/status", "update");
    assertEquals(expected, grants(defaults.get("ClusterRole")));
  }

  @Test
  void leasesAreGrantedInTheReleaseNamespaceOnly() {
    Set<String> expected = new TreeSet<>();
    grant(expected, "coordination.k8s.io", "leases", "get", "list", "watch", "create", "update");
    assertEquals(expected, grants(defaults.get("Role")));
    JsonNode binding = defaults.get("RoleBinding");
    assertEquals("Role", binding.path("roleRef").path("kind").asText());
    assertEquals(RenderedChart.RELEASE, binding.path("subjects").path(0).path("name").asText());
  }

  @Test
  void noRoleUsesWildcards() {
    for (String kind : List.of("ClusterRole", "Role")) {
      for (String grant : grants(defaults.get(kind))) {
        assertFalse(grant.contains("*"), kind + " grants " + grant);
      }
    }
  }

  @Test
  void clusterRoleIsBoundToTheRelaysServiceAccount() {
    JsonNode binding = defaults.get("ClusterRoleBinding");
    String account = defaults.get("ServiceAccount").path("metadata").path("name").asText();
    assertEquals(account, relayPod().path("serviceAccountName").asText());
    assertEquals("ClusterRole", binding.path("roleRef").path("kind").asText());
    assertEquals(account, binding.path("subjects").path(0).path("name").asText());
    assertEquals(
        RenderedChart.NAMESPACE, binding.path("subjects").path(0).path("namespace").asText());
  }

  @Test
  void tokenSecretHoldsOneHashLinePerHostAndNoRawToken() {
    String laptopHash = "sha256:" + sha256(LAPTOP_TOKEN);
    String ciHash = "sha256:" + sha256(CI_TOKEN);
    RenderedChart chart =
        RenderedChart.render(
            Map.of("tokens.hashes.laptop", laptopHash, "tokens.hashes.ci-runner", ciHash));
    JsonNode secret = chart.get("Secret");
    String file =
        new String(
            Base64.getDecoder().decode(secret.path("data").path("tokens").asText()),
            StandardCharsets.UTF_8);
    assertEquals("ci-runner " + ciHash + "\nlaptop " + laptopHash + "\n", file);
    for (String line : file.strip().split("\n")) {
      assertTrue(line.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])? sha256:[0-9a-f]{64}"), line);
    }
    assertFalse(chart.yaml().contains(LAPTOP_TOKEN) || chart.yaml().contains(CI_TOKEN));
    assertEquals("gastown-relay-tokens", secret.path("metadata").path("name").asText());
  }

  @Test
  void aRawTokenInsteadOfAHashStopsTheRenderWithoutEchoingIt() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () -> RenderedChart.render(Map.of("tokens.hashes.laptop", LAPTOP_TOKEN)));
    assertTrue(error.getMessage().contains("tokens.hashes.laptop"), error.getMessage());
    assertFalse(error.getMessage().contains(LAPTOP_TOKEN), error.getMessage());
  }

  @Test
  void aKeyThatIsNoHostIdStopsTheRender() {
    assertThrows(
        IllegalStateException.class,
        () -> RenderedChart.render(Map.of("tokens.hashes.Bad_Host", "sha256:" + sha256("x"))));
  }

  @Test
  void anExistingTokensSecretIsMountedAndNoneRendered() {
    RenderedChart chart = RenderedChart.render(Map.of("tokens.existingSecret", "relay-tokens"));
    assertTrue(chart.find("Secret").isEmpty());
    JsonNode volumes =
        chart.get("Deployment").path("spec").path("template").path("spec").path("volumes");
    assertEquals(
        "relay-tokens", volume(volumes, "tokens").path("secret").path("secretName").asText());
  }

  @Test
  void notesTellHowToConnectAHostAgent() {
    String notes =
        RenderedChart.chart()
            .install()
            .withName(RenderedChart.RELEASE)
            .withNamespace(RenderedChart.NAMESPACE)
            .dryRun()
            .clientOnly()
            .call()
            .getOutput();
    assertTrue(notes.contains("gastown-relay.gastown-system.svc:8443"), notes);
    assertTrue(notes.contains("tokens.hashes.<host-id>=sha256:<hash>"), notes);
    assertTrue(notes.contains("get secret gastown-relay-tls"), notes);
    assertTrue(notes.contains("ca\\.crt"), notes);
  }

  private static Map<String, String> ports(JsonNode serviceSpec) {
    Map<String, String> ports = new HashMap<>();
    serviceSpec
        .path("ports")
        .forEach(
            p ->
                ports.put(
                    p.path("name").asText(),
                    p.path("port").asInt() + "->" + p.path("targetPort").asText()));
    return ports;
  }

  private static JsonNode relayPod() {
    return defaults.get("Deployment").path("spec").path("template").path("spec");
  }

  private static JsonNode relayContainer() {
    return relayPod().path("containers").path(0);
  }

  private static JsonNode mountAt(JsonNode container, String path) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals(path)) {
        return mount;
      }
    }
    throw new AssertionError("nothing mounted at " + path);
  }

  private static JsonNode volume(JsonNode volumes, String name) {
    for (JsonNode volume : volumes) {
      if (volume.path("name").asText().equals(name)) {
        return volume;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  /** Flattens a role's rules into "group/resource:verb" grants. */
  private static Set<String> grants(JsonNode role) {
    Set<String> grants = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      assertTrue(
          rule.path("resourceNames").isMissingNode()
              && rule.path("nonResourceURLs").isMissingNode());
      for (String group : texts(rule.path("apiGroups"))) {
        for (String resource : texts(rule.path("resources"))) {
          texts(rule.path("verbs"))
              .forEach(verb -> grants.add(group + "/" + resource + ":" + verb));
        }
      }
    }
    return grants;
  }

  private static void grant(Set<String> grants, String group, String resource, String... verbs) {
    for (String verb : verbs) {
      grants.add(group + "/" + resource + ":" + verb);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String sha256(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
