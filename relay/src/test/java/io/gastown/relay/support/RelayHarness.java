package io.gastown.relay.support;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.gastown.relay.Relay;
import io.gastown.relay.RelayConfig;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.PolecatSpec;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;
import io.gastown.relay.session.TokenFile;
import io.gastown.testkit.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One mock cluster and one TLS relay per test class, with a token per host id. Tests use host ids
 * of their own so their sessions and resources do not meet.
 */
public abstract class RelayHarness {
  protected static final List<String> HOSTS =
      List.of(
          "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
          "juliet");
  protected static final Duration HOST_GRACE = Duration.ofMillis(600);

  @TempDir protected static Path dir;
  protected static MockCluster cluster;
  protected static NamespacedKubernetesClient kube;
  protected static TestCertificates certs;
  protected static Relay relay;
  protected static Path tokensFile;

  /** The certificate and key files the relay serves (copies, so a test may replace them). */
  protected static Path tlsCert;

  protected static Path tlsKey;
  private final List<FakeAgent> agents = new ArrayList<>();

  @BeforeAll
  static void startRelay() throws IOException {
    certs = TestCertificates.create(dir.resolve("certs"));
    Path tls = Files.createDirectories(dir.resolve("tls"));
    tlsCert = Files.copy(certs.relayCert(), tls.resolve("tls.crt"));
    tlsKey = Files.copy(certs.relayKey(), tls.resolve("tls.key"));
    List<String> lines = new ArrayList<>(List.of("# test tokens"));
    HOSTS.forEach(h -> lines.add(TokenFile.line(h, token(h))));
    Path tokens = Files.write(dir.resolve("tokens"), lines);
    tokensFile = tokens;
    cluster = new MockCluster();
    kube = cluster.client();
    relay = Relay.start(config(tokens).build(), kube);
  }

  protected static RelayConfig.Builder config(Path tokens) {
    return RelayConfig.builder()
        .bindAddress("127.0.0.1")
        .grpcPort(0)
        .healthPort(0)
        .tlsCertFile(tlsCert)
        .tlsKeyFile(tlsKey)
        .tokensFile(tokens)
        .clusterName("test-cluster")
        .relayId("relay-0")
        .heartbeatInterval(Duration.ofMillis(300))
        .heartbeatTimeout(Duration.ofMillis(3_000))
        .hostGrace(HOST_GRACE);
  }

  @AfterAll
  static void stopRelay() {
    if (relay != null) {
      relay.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void closeAgents() {
    agents.forEach(FakeAgent::close);
  }

  protected static String token(String host) {
    return "secret-token-of-" + host;
  }

  protected FakeAgent agent(String host) {
    return agentWithToken(token(host));
  }

  protected FakeAgent agentWithToken(String token) {
    return agentTrusting(certs.caCert(), token);
  }

  protected FakeAgent agentTrusting(Path caCert, String token) {
    FakeAgent a = FakeAgent.connect(relay.grpcPort(), caCert, token);
    agents.add(a);
    return a;
  }

  protected static Rig rig(String name, String host) {
    Rig rig = new Rig();
    rig.setMetadata(new ObjectMetaBuilder().withName(name).build());
    rig.setSpec(
        new RigSpec("https://example.com/" + name + ".git", "gt", null, host, null, null, null));
    return kube.resources(Rig.class).resource(rig).create();
  }

  protected static Polecat polecat(String name, String rig, String bead) {
    Polecat p = new Polecat();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("test").build());
    p.setSpec(new PolecatSpec(rig, bead, "Working", null, "subject", null, null, null));
    return kube.resources(Polecat.class).resource(p).create();
  }

  protected static Rig liveRig(String name) {
    return kube.resources(Rig.class).withName(name).get();
  }

  protected static Polecat livePolecat(String name) {
    return kube.resources(Polecat.class).inNamespace("test").withName(name).get();
  }
}
