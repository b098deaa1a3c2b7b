package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gastown.agent.HostAgent;
import io.gastown.testkit.TestCertificates;
import io.gastown.testkit.net.ConnectProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host agent behind an HTTP CONNECT proxy of the test's own (testkit ConnectProxy, demanding
 * Basic credentials): HTTPS_PROXY with credentials in its URL (percent-encoded), NO_PROXY, and a
 * custom CA bundle of several CAs. That the relay was reached through the proxy is read from the
 * proxy's own record of tunnels.
 */
class ProxyIT {
  private static final String HOST = "laptop";
  private static final String USER = "agent";
  private static final String PASSWORD = "p@ss:w/rd";
  private static final String PASSWORD_IN_URL = "p%40ss%3Aw%2Frd";
  private static final Duration CONVERGE = Duration.ofSeconds(20);

  @TempDir Path dir;
  SecureStack stack;
  ConnectProxy proxy;

  @BeforeEach
  void start() throws Exception {
    stack = SecureStack.start(dir, List.of(HOST), Map.of());
    proxy = ConnectProxy.start(USER, PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void theAgentReachesTheRelayThroughAnAuthenticatingProxyTrustingACustomBundle() throws Exception {
    Path bundle = dir.resolve("bundle.pem");
    TestCertificates unrelated = TestCertificates.create(dir.resolve("unrelated"));
    Files.writeString(
        bundle, Files.readString(unrelated.caCert()) + Files.readString(stack.certs.caCert()));
    HostAgent agent =
        stack.start(
            stack.agent(HOST).token(SecureStack.tokenOf(HOST)).ca(bundle),
            Map.of("HTTPS_PROXY", proxyUrl(PASSWORD_IN_URL), "NO_PROXY", "localhost,.internal"));

    await().atMost(CONVERGE).until(() -> agent.isResynced("e2e"));
    stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: proxied-rig}
        spec: {gitURL: "https://example.com/proxied.git", beadsPrefix: px}
        """);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "True"
                    .equals(
                        new CrView(stack.crs(LocalStack.RIGS).withName("proxied-rig").get())
                            .conditionStatus("Ready")));
    assertThat(proxy.tunnels()).contains("127.0.0.1:" + stack.relay.grpcPort());
    assertThat(proxy.refusals()).isEmpty();
  }

  @Test
  void wrongProxyCredentialsAreRefusedByTheProxyAndTheRelayIsNeverReached() throws Exception {
    HostAgent agent =
        stack.start(
            stack.agent(HOST).token(SecureStack.tokenOf(HOST)),
            Map.of("https_proxy", proxyUrl("not-the-password")));

    await().atMost(CONVERGE).until(() -> !proxy.refusals().isEmpty());
    assertThat(proxy.tunnels()).isEmpty();
    assertThat(agent.isConnected("e2e")).isFalse();
    assertThat(stack.relay.metrics().connectedHosts()).isZero();
  }

  @Test
  void noProxyNamesHostsThatAreDialledDirectly() throws Exception {
    HostAgent agent =
        stack.start(
            stack.agent(HOST).token(SecureStack.tokenOf(HOST)),
            Map.of("HTTPS_PROXY", proxyUrl(PASSWORD_IN_URL), "NO_PROXY", "example.com,127.0.0.1"));

    await().atMost(CONVERGE).until(() -> agent.isResynced("e2e"));
    assertThat(proxy.tunnels()).isEmpty();
    assertThat(proxy.refusals()).isEmpty();
  }

  private String proxyUrl(String password) {
    return "http://" + USER + ":" + password + "@127.0.0.1:" + proxy.port();
  }
}
