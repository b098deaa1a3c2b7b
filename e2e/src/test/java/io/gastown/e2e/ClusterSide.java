package io.gastown.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.relay.Relay;
import io.gastown.relay.RelayConfig;
import io.gastown.testkit.RepoPaths;
import io.gastown.testkit.TestCertificates;
import io.gastown.testkit.kube.EmbeddedKube;
import io.gastown.testkit.net.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One cluster of the fault tests: the embedded Kubernetes API with the chart's CRDs, a relay (in
 * this JVM, or its own process that a test can kill with SIGKILL) on a fixed port, and a {@link
 * FaultProxy} in front of it that the host agent dials instead. Each cluster has its own CA, tokens
 * and relay id, as two real clusters would.
 */
final class ClusterSide implements AutoCloseable {
  final String name;
  final Path dir;
  final TestCertificates certs;
  final EmbeddedKube kube;
  final FaultProxy proxy;
  private final Map<String, String> relayEnv;
  private final int grpcPort;
  private final int healthPort;
  private Relay relay;
  private Process relayProcess;

  private ClusterSide(String name, Path dir, List<String> hosts, Map<String, String> env)
      throws IOException {
    this.name = name;
    this.dir = Files.createDirectories(dir);
    this.certs = TestCertificates.create(dir.resolve("certs"));
    this.kube = EmbeddedKube.start(0, RepoPaths.resolve("helm/gastown-relay/crds"));
    Path tokens = dir.resolve("tokens");
    List<String> lines = new ArrayList<>();
    for (String h : hosts) {
      lines.add(h + " sha256:" + LocalStack.sha256(tokenOf(h)));
    }
    Files.write(tokens, lines);
    this.grpcPort = Ports.free();
    this.healthPort = Ports.free();
    Map<String, String> e = new HashMap<>();
    e.put("RELAY_BIND_ADDRESS", "127.0.0.1");
    e.put("RELAY_GRPC_PORT", String.valueOf(grpcPort));
    e.put("RELAY_HEALTH_PORT", String.valueOf(healthPort));
    e.put("RELAY_TLS_CERT_FILE", certs.relayCert().toString());
    e.put("RELAY_TLS_KEY_FILE", certs.relayKey().toString());
    e.put("RELAY_TOKENS_FILE", tokens.toString());
    e.put("RELAY_DEFAULT_HOST", hosts.get(0));
    e.put("RELAY_CLUSTER_NAME", name);
    e.put("RELAY_ID", "relay-" + name);
    e.put("RELAY_LEASE_NAMESPACE", "gastown-system");
    e.putAll(env);
    this.relayEnv = Map.copyOf(e);
    this.proxy = FaultProxy.start(grpcPort);
  }

  /**
   * Starts the cluster side without a relay; {@code env} overrides relay settings (e.g. {@code
   * RELAY_HEARTBEAT_TIMEOUT_MS}). The first host is the relay's default host.
   */
  static ClusterSide create(Path dir, String name, List<String> hosts, Map<String, String> env)
      throws IOException {
    return new ClusterSide(name, dir, hosts, env);
  }

  /** The token of a host at this cluster (never a real secret; one per cluster). */
  String tokenOf(String host) {
    return "token-of-" + host + "-at-" + name;
  }

  /** Where the agent dials: the fault proxy. */
  String agentAddress() {
    return "127.0.0.1:" + proxy.port();
  }

  /** Writes the host's token for this cluster into {@code file}, for the agent's config. */
  Path writeToken(String host, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, tokenOf(host) + "\n");
    return file;
  }

  /** Starts the relay in this JVM. */
  ClusterSide startRelay() {
    relay = Relay.start(RelayConfig.fromEnv(relayEnv), kube.client());
    return this;
  }

  /** Stops the in-JVM relay (Goodbye SHUTTING_DOWN to every host, Leases released). */
  void stopRelay() {
    if (relay != null) {
      relay.close();
      relay = null;
    }
  }

  Optional<Relay> relay() {
    return Optional.ofNullable(relay);
  }

  /** Starts the relay as its own JVM (the shaded jar) and waits until it serves. */
  void startRelayProcess() throws IOException {
    Path jar = RepoPaths.resolve("relay/target/relay-0.1.0-SNAPSHOT-all.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first (mvn -pl relay package)");
    }
    Path kubeconfig = kube.writeKubeconfig(dir.resolve("kubeconfig"));
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                // wall-clock stamps, so a test's timings can be read against both logs
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dir.resolve("relay-" + name + ".log").toFile()));
    pb.environment().putAll(relayEnv);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    relayProcess = pb.start();
    relayProcess.getOutputStream().close();
    // the relay serves after its first pass over every resource (up to its 60 s sync timeout): a
    // restart with hundreds of CRs on a loaded machine took over 30 s
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!ready()) {
      if (!relayProcess.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the relay process did not start; see its log in " + dir);
      }
      sleep(50);
    }
  }

  /** SIGKILL: no Goodbye, no Lease release, as a crashed pod. */
  void killRelayProcess() throws InterruptedException {
    if (relayProcess != null) {
      relayProcess.destroyForcibly().waitFor();
      relayProcess = null;
    }
  }

  private boolean ready() {
    try {
      return get("/readyz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The relay's Prometheus text (in-JVM or process). */
  String relayMetrics() {
    try {
      return get("/metrics").body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> crs(
      ResourceDefinitionContext ctx) {
    return kube.client().genericKubernetesResources(ctx);
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

  CrView rig(String crName) {
    return new CrView(crs(LocalStack.RIGS).withName(crName).get());
  }

  CrView polecat(String crName) {
    return new CrView(crs(LocalStack.POLECATS).inNamespace("default").withName(crName).get());
  }

  GenericKubernetesResource createRig(String crName, String prefix) {
    return create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: %s}
        spec: {gitURL: "https://example.com/%s.git", beadsPrefix: %s}
        """
            .formatted(crName, crName, prefix));
  }

  GenericKubernetesResource createPolecat(String crName, String rigCr, String bead) {
    return create(
        LocalStack.POLECATS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Polecat
        metadata: {name: %s, namespace: default}
        spec: {rig: %s, beadID: %s, subject: "Fix it"}
        """
            .formatted(crName, rigCr, bead));
  }

  @Override
  public void close() {
    try {
      killRelayProcess();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopRelay();
    proxy.close();
    kube.close();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
