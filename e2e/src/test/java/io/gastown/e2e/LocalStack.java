package io.gastown.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.agent.HostAgent;
import io.gastown.agent.config.AgentConfig;
import io.gastown.relay.Relay;
import io.gastown.relay.RelayConfig;
import io.gastown.testkit.RepoPaths;
import io.gastown.testkit.StandInTown;
import io.gastown.testkit.TestCertificates;
import io.gastown.testkit.kube.EmbeddedKube;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole system on loopback: the embedded Kubernetes API with the chart's CRDs, the relay
 * serving TLS, the stand-in town with real tmux, and host agents dialling the relay with bearer
 * tokens.
 */
final class LocalStack implements AutoCloseable {
  static final ResourceDefinitionContext RIGS = context("Rig", "rigs", false);
  static final ResourceDefinitionContext POLECATS = context("Polecat", "polecats", true);
  static final ResourceDefinitionContext CONVOYS = context("Convoy", "convoys", true);

  final Path dir;
  final TestCertificates certs;
  final EmbeddedKube kube;
  final StandInTown town;
  private final Map<String, String> relayEnv;
  private final int grpcPort;
  Relay relay;
  private final List<HostAgent> agents = new ArrayList<>();
  private final List<Process> agentProcesses = new ArrayList<>();

  private LocalStack(Path dir, String hostId) throws IOException {
    this.dir = dir;
    this.certs = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
    this.kube = EmbeddedKube.start(0, RepoPaths.resolve("helm/gastown-relay/crds"));
    this.town = StandInTown.create(dir.resolve("town"));
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, hostId + " sha256:" + sha256(tokenOf(hostId)) + "\n");
    this.grpcPort = freePort();
    this.relayEnv =
        Map.of(
            "RELAY_BIND_ADDRESS",
            "127.0.0.1",
            "RELAY_GRPC_PORT",
            String.valueOf(grpcPort),
            "RELAY_HEALTH_PORT",
            "0",
            "RELAY_TLS_CERT_FILE",
            certs.relayCert().toString(),
            "RELAY_TLS_KEY_FILE",
            certs.relayKey().toString(),
            "RELAY_TOKENS_FILE",
            tokens.toString(),
            "RELAY_DEFAULT_HOST",
            hostId,
            "RELAY_CLUSTER_NAME",
            "e2e",
            "RELAY_ID",
            "relay-e2e");
    this.relay = Relay.start(RelayConfig.fromEnv(relayEnv), kube.client());
  }

  /** Stops the relay and starts a new one on the same port, as a pod restart would. */
  void restartRelay() {
    relay.close();
    relay = Relay.start(RelayConfig.fromEnv(relayEnv), kube.client());
  }

  /**
   * Starts a host agent as its own JVM from the shaded jar, as systemd would, so a test can kill it
   * with SIGKILL mid-command. Its output goes to {@code agent-<host>.log} in the test directory.
   */
  Process startAgentProcess(String hostId, String token, Path stateDir) throws IOException {
    Path jar = RepoPaths.resolve("host-agent/target/host-agent-0.1.0-SNAPSHOT-all.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (mvn -pl host-agent -am package)");
    }
    Path yaml = writeAgentConfig(hostId, token, stateDir, "agent-process-" + agentProcesses.size());
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "run",
                "--config",
                yaml.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dir.resolve("agent-" + hostId + ".log").toFile()))
            .start();
    p.getOutputStream().close();
    agentProcesses.add(p);
    return p;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts the cluster side and the town; agents are started separately. */
  static LocalStack start(Path dir, String hostId) throws IOException {
    return new LocalStack(dir, hostId);
  }

  /** The token a host uses in these tests (never a real secret). */
  static String tokenOf(String hostId) {
    return "test-token-of-" + hostId;
  }

  /** Starts a host agent for {@code hostId} presenting {@code token}. */
  HostAgent startAgent(String hostId, String token) throws IOException {
    String name = "agent-" + hostId + "-" + agents.size();
    Path yaml = writeAgentConfig(hostId, token, dir.resolve(name).resolve("state"), name);
    HostAgent agent = HostAgent.start(AgentConfig.load(yaml, Map.of(), List.of()));
    agents.add(agent);
    return agent;
  }

  private Path writeAgentConfig(String hostId, String token, Path stateDir, String name)
      throws IOException {
    Path agentDir = Files.createDirectories(dir.resolve(name));
    Path tokenFile = agentDir.resolve("token");
    Files.writeString(tokenFile, token + "\n");
    Path yaml = agentDir.resolve("agent.yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "hostId: " + hostId,
            "townRoot: " + town.root(),
            "gt: " + town.gtPath(),
            "bd: " + town.bdPath(),
            "stateDir: " + stateDir,
            "observeIntervalMillis: 500",
            // after a kill mid-sling, an unconfirmed sling is retried only after this (default 60
            // s)
            "commandTimeoutMillis: 10000",
            "health:",
            "  address: 127.0.0.1",
            "  port: 0",
            "relays:",
            "  - name: e2e",
            "    address: 127.0.0.1:" + grpcPort,
            "    tokenFile: " + tokenFile,
            "    caFile: " + certs.caCert(),
            ""));
    return yaml;
  }

  MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> crs(
      ResourceDefinitionContext ctx) {
    return client().genericKubernetesResources(ctx);
  }

  KubernetesClient client() {
    return kube.client();
  }

  /** Creates a CR from YAML text. */
  GenericKubernetesResource create(ResourceDefinitionContext ctx, String yaml) {
    GenericKubernetesResource obj = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    return ctx.isNamespaceScoped()
        ? crs(ctx)
            .inNamespace(Objects.requireNonNullElse(obj.getMetadata().getNamespace(), "default"))
            .resource(obj)
            .create()
        : crs(ctx).resource(obj).create();
  }

  /** The relay's Prometheus text. */
  String relayMetrics() {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + relay.healthPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    agentProcesses.forEach(Process::destroyForcibly);
    agents.forEach(HostAgent::close);
    relay.close();
    town.close();
    kube.close();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("gastown.gastown.io")
        .withVersion("v1alpha1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
