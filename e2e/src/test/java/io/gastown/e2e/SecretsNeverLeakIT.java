package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.testkit.net.ConnectProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leave where they belong. The whole system runs with recognisable secrets — the
 * agent's bearer token, its client key, the relay's and the CA's keys, an intruder's token, the
 * proxy's password — and a recognisable line in a working polecat's tmux pane; then the relay's log
 * (this JVM's stdout and stderr), the agent's log (its own process), every CR's status, every
 * Event, both /metrics pages and gt's argv are searched for any of them. Pane output has no path
 * off the host at all (no feature reads it; the agent only asks tmux whether a session lives).
 */
class SecretsNeverLeakIT {
  private static final String HOST = "laptop";
  private static final Duration CONVERGE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final String token = "tok-" + random();
  private final String intruderToken = "intruder-" + random();
  private final String proxyPassword = "proxypw-" + random();
  private final String paneCanary = "PANE-CANARY-" + random();
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;
  private SecureStack stack;
  private ConnectProxy proxy;
  private Process agent;

  @BeforeEach
  void captureThisJvmsOutput() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.destroy();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
    if (stack != null) {
      stack.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void noTokenKeyPasswordOrPaneOutputAppearsInLogsStatusEventsMetricsOrArgv() throws Exception {
    stack = SecureStack.start(dir, List.of(HOST), Map.of());
    Files.writeString(stack.tokensFile, HOST + " sha256:" + LocalStack.sha256(token) + "\n");
    proxy = ConnectProxy.start("agent", proxyPassword);
    int agentHealth = freePort();
    Path agentLog = dir.resolve("agent.log");
    agent =
        stack.startProcess(
            stack
                .agent(HOST)
                .token(token)
                .certificate(stack.certs.hostCert(HOST), stack.certs.hostKey(HOST))
                .healthPort(agentHealth),
            Map.of(
                "HTTPS_PROXY",
                "http://agent:" + proxyPassword + "@127.0.0.1:" + proxy.port(),
                "NO_PROXY",
                "example.com"),
            agentLog);

    stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: work-rig}
        spec: {gitURL: "https://example.com/work.git", beadsPrefix: wr}
        """);
    await().atMost(CONVERGE).until(() -> "True".equals(rig().conditionStatus("Ready")));
    assertThat(proxy.tunnels()).isNotEmpty();
    String bead = stack.town.createBead("work_rig", "fix the flaky test");
    stack.create(
        LocalStack.POLECATS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Polecat
        metadata: {name: fixer, namespace: default}
        spec: {rig: work-rig, beadID: %s, subject: "Fix it"}
        """
            .formatted(bead));
    await().atMost(CONVERGE).until(() -> "Working".equals(polecat().field("phase")));
    String session = (String) polecat().field("session");
    tmux("send-keys", "-t", session, "echo " + paneCanary, "Enter");
    await()
        .atMost(CONVERGE)
        .until(() -> tmux("capture-pane", "-p", "-t", session).contains(paneCanary));

    try (RawHost intruder =
        RawHost.dial(stack.relay.grpcPort(), stack.certs.caCert(), Optional.of(intruderToken))) {
      intruder.hello(HOST);
      intruder.awaitClosed();
    }
    // observation cycles and status reports after the pane changed
    await().pollDelay(Duration.ofSeconds(3)).atMost(CONVERGE).until(() -> true);
    String agentMetrics = SecureStack.metricsAt(agentHealth);
    // revocation last: its log lines are searched too
    SecureStack.replace(stack.tokensFile, "# every token revoked\n");
    await().atMost(CONVERGE).until(() -> stack.relayAuthFailures("revoked_token") >= 1);
    await().pollDelay(Duration.ofSeconds(1)).atMost(CONVERGE).until(() -> true);

    Map<String, String> places = new LinkedHashMap<>();
    places.put("relay log (this JVM)", captured.toString(StandardCharsets.UTF_8));
    places.put("agent log", Files.readString(agentLog));
    places.put(
        "CRs",
        Serialization.asJson(stack.crs(LocalStack.RIGS).list())
            + Serialization.asJson(stack.crs(LocalStack.POLECATS).inAnyNamespace().list())
            + Serialization.asJson(stack.crs(LocalStack.CONVOYS).inAnyNamespace().list()));
    places.put(
        "Events", Serialization.asJson(stack.client().v1().events().inAnyNamespace().list()));
    places.put("relay /metrics", stack.relayMetrics());
    places.put("agent /metrics", agentMetrics);
    places.put("gt argv", stack.town.calls().toString());

    assertThat(places.get("agent log")).contains("connected to cluster 'e2e'");
    assertThat(places.get("relay log (this JVM)")).contains("refused a call from");
    assertThat(places.get("Events")).contains("fixer");
    for (Map.Entry<String, String> secret : secrets().entrySet()) {
      for (Map.Entry<String, String> place : places.entrySet()) {
        assertThat(place.getValue())
            .as("%s must not hold the %s", place.getKey(), secret.getKey())
            .doesNotContain(secret.getValue());
      }
    }
  }

  /** Everything that must stay put: whole secrets, and every line of every private key's body. */
  private Map<String, String> secrets() throws IOException {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("agent token", token);
    s.put("intruder token", intruderToken);
    s.put("proxy password", proxyPassword);
    s.put("tmux pane output", paneCanary);
    for (Path key :
        List.of(stack.certs.hostKey(HOST), stack.certs.relayKey(), stack.certs.caKey())) {
      List<String> body = new ArrayList<>();
      for (String line : Files.readAllLines(key)) {
        if (!line.startsWith("-----") && line.length() >= 16) {
          body.add(line);
        }
      }
      assertThat(body).as("key material in %s", key).isNotEmpty();
      for (int i = 0; i < body.size(); i++) {
        s.put(key.getFileName() + " line " + (i + 1), body.get(i));
      }
    }
    return s;
  }

  private CrView rig() {
    return new CrView(stack.crs(LocalStack.RIGS).withName("work-rig").get());
  }

  private CrView polecat() {
    return new CrView(
        stack.crs(LocalStack.POLECATS).inNamespace("default").withName("fixer").get());
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("tmux", "-L", stack.town.tmuxSocket()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  private static String random() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Writes to the original stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final ByteArrayOutputStream b;

    Tee(OutputStream a, ByteArrayOutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      synchronized (b) {
        b.write(x);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      synchronized (b) {
        b.write(buf, off, len);
      }
    }
  }
}
