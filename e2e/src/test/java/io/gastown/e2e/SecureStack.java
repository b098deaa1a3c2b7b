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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole system for the security tests: the embedded Kubernetes API (which does not enforce the
 * CRD schema), a relay serving TLS that accepts bearer tokens and, beside them, client certificates
 * of the stack's CA (RELAY_CLIENT_CA_FILE, optional mode) with a revocation list, the stand-in
 * town, and host agents whose YAML each test shapes with {@link AgentYaml}.
 */
final class SecureStack implements AutoCloseable {
  final Path dir;
  final TestCertificates certs;
  final EmbeddedKube kube;
  final StandInTown town;
  final Path tokensFile;
  final Path revokedFile;
  final Relay relay;
  private final List<HostAgent> agents = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  private SecureStack(Path dir, List<String> hosts, Map<String, String> relayEnv)
      throws IOException {
    this.dir = dir;
    this.certs =
        TestCertificates.create(
            Files.createDirectories(dir.resolve("certs")), hosts.toArray(String[]::new));
    this.kube = EmbeddedKube.start(0, RepoPaths.resolve("helm/gastown-relay/crds"));
    this.town = StandInTown.create(dir.resolve("town"));
    List<String> lines = new ArrayList<>();
    for (String h : hosts) {
      lines.add(h + " sha256:" + LocalStack.sha256(tokenOf(h)));
    }
    this.tokensFile = Files.write(dir.resolve("tokens"), lines);
    this.revokedFile = Files.writeString(dir.resolve("revoked-certs"), "# serials or sha256\n");
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_BIND_ADDRESS", "127.0.0.1");
    env.put("RELAY_GRPC_PORT", "0");
    env.put("RELAY_HEALTH_PORT", "0");
    env.put("RELAY_TLS_CERT_FILE", certs.relayCert().toString());
    env.put("RELAY_TLS_KEY_FILE", certs.relayKey().toString());
    env.put("RELAY_TOKENS_FILE", tokensFile.toString());
    env.put("RELAY_CLIENT_CA_FILE", certs.caCert().toString());
    env.put("RELAY_REVOKED_CERTS_FILE", revokedFile.toString());
    env.put("RELAY_DEFAULT_HOST", hosts.get(0));
    env.put("RELAY_CLUSTER_NAME", "e2e");
    env.put("RELAY_ID", "relay-e2e");
    env.put("RELAY_HEARTBEAT_INTERVAL_MS", "1000");
    env.put("RELAY_HEARTBEAT_TIMEOUT_MS", "5000");
    env.putAll(relayEnv);
    this.relay = Relay.start(RelayConfig.fromEnv(env), kube.client());
  }

  /** Starts the cluster side and the town for {@code hosts} (the first is the default host). */
  static SecureStack start(Path dir, List<String> hosts, Map<String, String> relayEnv)
      throws IOException {
    return new SecureStack(dir, hosts, relayEnv);
  }

  /** The bearer token of a host in these tests. */
  static String tokenOf(String host) {
    return "sec-e2e-token-of-" + host;
  }

  /** An agent's YAML: bearer token and/or client certificate, trust, allow-lists. */
  final class AgentYaml {
    final String host;
    String token;
    Path clientCert;
    Path clientKey;
    Path caFile = certs.caCert();
    List<String> allowNamespaces = List.of();
    List<String> allowRigs = List.of();
    int healthPort;

    AgentYaml(String host) {
      this.host = host;
    }

    AgentYaml token(String t) {
      token = t;
      return this;
    }

    AgentYaml certificate(Path cert, Path key) {
      clientCert = cert;
      clientKey = key;
      return this;
    }

    AgentYaml ca(Path ca) {
      caFile = ca;
      return this;
    }

    AgentYaml healthPort(int port) {
      healthPort = port;
      return this;
    }

    AgentYaml allow(List<String> namespaces, List<String> rigs) {
      allowNamespaces = namespaces;
      allowRigs = rigs;
      return this;
    }

    Path write(String name) throws IOException {
      Path agentDir = Files.createDirectories(dir.resolve(name));
      List<String> y = new ArrayList<>();
      y.add("hostId: " + host);
      y.add("townRoot: " + town.root());
      y.add("gt: " + town.gtPath());
      y.add("bd: " + town.bdPath());
      y.add("stateDir: " + agentDir.resolve("state"));
      y.add("observeIntervalMillis: 500");
      y.add("health:");
      y.add("  address: 127.0.0.1");
      y.add("  port: " + healthPort);
      y.add("relays:");
      y.add("  - name: e2e");
      y.add("    address: 127.0.0.1:" + relay.grpcPort());
      y.add("    caFile: " + caFile);
      if (token != null) {
        Path tokenFile = agentDir.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        y.add("    tokenFile: " + tokenFile);
      }
      if (clientCert != null) {
        y.add("    clientCertFile: " + clientCert);
        y.add("    clientKeyFile: " + clientKey);
      }
      if (!allowNamespaces.isEmpty() || !allowRigs.isEmpty()) {
        y.add("    allow:");
        y.add("      namespaces: [" + String.join(", ", allowNamespaces) + "]");
        y.add("      rigs: [" + String.join(", ", allowRigs) + "]");
      }
      y.add("");
      return Files.writeString(agentDir.resolve("agent.yaml"), String.join("\n", y));
    }
  }

  AgentYaml agent(String host) {
    return new AgentYaml(host);
  }

  /** Starts a host agent in this JVM; {@code env} is its environment (HTTPS_PROXY and the like). */
  HostAgent start(AgentYaml yaml, Map<String, String> env) throws IOException {
    Path file = yaml.write("agent-" + yaml.host + "-" + agents.size());
    HostAgent agent = HostAgent.start(AgentConfig.load(file, Map.of(), List.of()), env);
    agents.add(agent);
    return agent;
  }

  HostAgent start(AgentYaml yaml) throws IOException {
    return start(yaml, Map.of());
  }

  /**
   * Starts a host agent as its own JVM from the shaded jar, with {@code env} added to its
   * environment, its output (stdout and stderr) in {@code log}.
   */
  Process startProcess(AgentYaml yaml, Map<String, String> env, Path log) throws IOException {
    Path jar = RepoPaths.resolve("host-agent/target/host-agent-0.1.0-SNAPSHOT-all.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (mvn -pl host-agent package)");
    }
    Path file = yaml.write("agent-process-" + yaml.host + "-" + processes.size());
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "run",
                "--config",
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    processes.add(p);
    return p;
  }

  MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> crs(
      ResourceDefinitionContext ctx) {
    return client().genericKubernetesResources(ctx);
  }

  KubernetesClient client() {
    return kube.client();
  }

  GenericKubernetesResource create(ResourceDefinitionContext ctx, String yaml) {
    return create(ctx, Serialization.unmarshal(yaml, GenericKubernetesResource.class));
  }

  GenericKubernetesResource create(ResourceDefinitionContext ctx, GenericKubernetesResource obj) {
    return ctx.isNamespaceScoped()
        ? crs(ctx)
            .inNamespace(Objects.requireNonNullElse(obj.getMetadata().getNamespace(), "default"))
            .resource(obj)
            .create()
        : crs(ctx).resource(obj).create();
  }

  /** Replaces a file's content and moves its modification time on, as a Secret update would. */
  static void replace(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
  }

  String relayMetrics() {
    return get("http://127.0.0.1:" + relay.healthPort() + "/metrics");
  }

  static String metricsAt(int port) {
    return get("http://127.0.0.1:" + port + "/metrics");
  }

  static String agentMetrics(HostAgent agent) {
    return get("http://127.0.0.1:" + agent.healthPort() + "/metrics");
  }

  /**
   * The value of one sample of a Prometheus text exposition (0 when absent); {@code labels} are
   * {@code k="v"} pairs joined by commas, in any order (the exposition sorts them).
   */
  static double sample(String metrics, String name, String labels) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
    List<String> wanted = List.of(labels.split(","));
    while (m.find()) {
      List<String> have = List.of(m.group(1).split(","));
      if (have.size() == wanted.size() && have.containsAll(wanted)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }

  double relayAuthFailures(String reason) {
    return sample(relayMetrics(), "gastown_relay_auth_failures_total", "reason=\"" + reason + "\"");
  }

  private static String get(String url) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
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
    processes.forEach(Process::destroyForcibly);
    agents.forEach(HostAgent::close);
    relay.close();
    town.close();
    kube.close();
  }
}
