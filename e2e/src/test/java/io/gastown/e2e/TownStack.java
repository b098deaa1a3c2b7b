package io.gastown.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The system on loopback with several hosts and, if asked, several relay replicas over one API: the
 * embedded API with the chart's CRDs, relays over TLS with a token per host, one stand-in town
 * (with real tmux) that every host agent works in, and agents configured per test (mirror,
 * maxAutomatons).
 */
final class TownStack implements AutoCloseable {
  static final ResourceDefinitionContext RIGS = LocalStack.RIGS;
  static final ResourceDefinitionContext POLECATS = LocalStack.POLECATS;
  static final ResourceDefinitionContext CONVOYS = LocalStack.CONVOYS;
  static final ResourceDefinitionContext AUTOMATONS =
      new ResourceDefinitionContext.Builder()
          .withGroup("olympus.io")
          .withVersion("v1alpha1")
          .withKind("Automaton")
          .withPlural("automatons")
          .withNamespaced(true)
          .build();

  final Path dir;
  final TestCertificates certs;
  final EmbeddedKube kube;
  final StandInTown town;
  private final Path tokens;
  final List<Relay> relays = new ArrayList<>();
  private final List<HostAgent> agents = new ArrayList<>();

  private TownStack(Path dir, List<String> hosts) throws IOException {
    this.dir = dir;
    this.certs = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
    this.kube = EmbeddedKube.start(0, RepoPaths.resolve("helm/gastown-relay/crds"));
    this.town = StandInTown.create(dir.resolve("town"));
    StringBuilder lines = new StringBuilder();
    for (String h : hosts) {
      lines.append(h).append(" sha256:").append(LocalStack.sha256(LocalStack.tokenOf(h)));
      lines.append('\n');
    }
    this.tokens = Files.writeString(dir.resolve("tokens"), lines.toString());
  }

  static TownStack start(Path dir, String... hosts) throws IOException {
    return new TownStack(dir, List.of(hosts));
  }

  /**
   * Starts a relay replica; {@code leases} gives it per-host Leases, which several replicas need to
   * see each other's hosts.
   */
  Relay startRelay(String id, String defaultHost, boolean leases) {
    RelayConfig.Builder b =
        RelayConfig.builder()
            .bindAddress("127.0.0.1")
            .grpcPort(0)
            .healthPort(0)
            .tlsCertFile(certs.relayCert())
            .tlsKeyFile(certs.relayKey())
            .tokensFile(tokens)
            .clusterName("e2e")
            .relayId(id)
            .hostGrace(Duration.ofSeconds(5))
            .automatonRelease(Duration.ofSeconds(30))
            .mirrorNamespace("default");
    if (defaultHost != null) {
      b.defaultHost(defaultHost);
    }
    if (leases) {
      b.leaseNamespace("gastown-system");
    }
    Relay relay = Relay.start(b.build(), kube.client());
    relays.add(relay);
    return relay;
  }

  /** Starts a host agent dialling {@code relay}, with extra lines for its relay entry. */
  HostAgent startAgent(String hostId, Relay relay, String... relayLines) throws IOException {
    String name = "agent-" + hostId + "-" + agents.size();
    Path agentDir = Files.createDirectories(dir.resolve(name));
    Path tokenFile = Files.writeString(agentDir.resolve("token"), LocalStack.tokenOf(hostId));
    List<String> yaml =
        new ArrayList<>(
            List.of(
                "hostId: " + hostId,
                "townRoot: " + town.root(),
                "gt: " + town.gtPath(),
                "bd: " + town.bdPath(),
                "stateDir: " + agentDir.resolve("state"),
                "observeIntervalMillis: 500",
                "health:",
                "  address: 127.0.0.1",
                "  port: 0",
                "relays:",
                "  - name: e2e",
                "    address: 127.0.0.1:" + relay.grpcPort(),
                "    tokenFile: " + tokenFile,
                "    caFile: " + certs.caCert()));
    for (String line : relayLines) {
      yaml.add("    " + line);
    }
    Path file = Files.write(agentDir.resolve("agent.yaml"), yaml);
    HostAgent agent = HostAgent.start(AgentConfig.load(file, Map.of(), List.of()));
    agents.add(agent);
    return agent;
  }

  void installAutomatonCrd() {
    kube.createCrd(RepoPaths.resolve("helm/gastown-relay/test-crds/automaton.olympus.io.yaml"));
  }

  MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> crs(
      ResourceDefinitionContext ctx) {
    return kube.client().genericKubernetesResources(ctx);
  }

  GenericKubernetesResource create(ResourceDefinitionContext ctx, String yaml) {
    GenericKubernetesResource obj = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    return ctx.isNamespaceScoped()
        ? crs(ctx)
            .inNamespace(Objects.requireNonNullElse(obj.getMetadata().getNamespace(), "default"))
            .resource(obj)
            .create()
        : crs(ctx).resource(obj).create();
  }

  GenericKubernetesResource get(ResourceDefinitionContext ctx, String name) {
    return ctx.isNamespaceScoped()
        ? crs(ctx).inNamespace("default").withName(name).get()
        : crs(ctx).withName(name).get();
  }

  @Override
  public void close() {
    agents.forEach(HostAgent::close);
    relays.forEach(Relay::close);
    town.close();
    kube.close();
  }
}
