package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gastown.agent.HostAgent;
import io.gastown.agent.doctor.Doctor;
import io.gastown.testkit.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code host-agent doctor} against the whole system: the relay over TLS with the embedded API, the
 * stand-in town, real tmux — all green beside a running agent (which keeps its session), and every
 * broken setup named with its fix.
 */
class DoctorIT {
  private static final String HOST = "laptop";

  @TempDir static Path dir;
  static LocalStack stack;
  static HostAgent agent;

  /** What one doctor run printed and returned. */
  record Report(int exitCode, String text) {
    List<String> lines() {
      return Arrays.asList(text.split("\n"));
    }
  }

  @BeforeAll
  static void start() throws IOException {
    stack = LocalStack.start(dir, HOST);
    agent = stack.startAgent(HOST, LocalStack.tokenOf(HOST));
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.isResynced("e2e"));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static Report doctor(Path config) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Doctor.run(
            List.of("--config", config.toString()),
            Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    System.out.println("doctor --config " + config + " (exit " + code + "):\n" + text);
    return new Report(code, text);
  }

  static Path secret(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  static String relayAddress() {
    return "127.0.0.1:" + stack.relay.grpcPort();
  }

  @Test
  void aHealthySetupIsAllGreenAndLeavesTheRunningAgentsSessionAlone() throws IOException {
    double superseded = stack.relay.metrics().sessionsSuperseded();
    Path token = secret("good.token", LocalStack.tokenOf(HOST));
    Path config =
        Files.writeString(
            dir.resolve("healthy.yaml"),
            String.join(
                "\n",
                "hostId: " + HOST,
                "townRoot: " + stack.town.root(),
                "gt: " + stack.town.gtPath(),
                "bd: " + stack.town.bdPath(),
                "stateDir: " + dir.resolve("doctor-state"),
                "health: {address: 127.0.0.1, port: " + agent.healthPort() + "}",
                "relays:",
                "  - name: e2e",
                "    address: " + relayAddress(),
                "    tokenFile: " + token,
                "    caFile: " + stack.certs.caCert(),
                ""));

    Report report = doctor(config);

    assertThat(report.exitCode()).as(report.text()).isZero();
    assertThat(report.lines())
        .as(report.text())
        .allMatch(l -> l.startsWith("OK   ") || l.startsWith("doctor: all "));
    assertThat(report.text())
        .contains("OK   gt: gt 1.0.1-standin")
        .contains("OK   bd: bd 0.57.0")
        .contains("OK   tmux: tmux ")
        .contains("OK   town: ")
        .contains("OK   gt in town: ")
        .contains("OK   relay e2e token: ")
        .contains("OK   relay e2e CA: ")
        .contains("OK   relay e2e: " + relayAddress() + " answered over TLS verified against")
        .contains("OK   relay e2e auth: accepted as host 'laptop': protocol 1.1, cluster 'e2e'")
        .contains("OK   running agent: an agent is running on 127.0.0.1:")
        .doesNotContain(LocalStack.tokenOf(HOST));
    assertThat(agent.isConnected("e2e")).isTrue();
    assertThat(stack.relay.metrics().sessionsSuperseded()).isEqualTo(superseded);
  }

  @Test
  void everyBrokenPieceIsNamedWithItsFix() throws IOException {
    Path oldTmux = dir.resolve("old-tmux");
    Files.writeString(oldTmux, "#!/bin/sh\necho 'tmux 2.9'\n");
    Files.setPosixFilePermissions(oldTmux, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path notATown = Files.createDirectories(dir.resolve("not-a-town"));
    TestCertificates otherCa = TestCertificates.create(dir.resolve("other-ca"));
    Path good = secret("good2.token", LocalStack.tokenOf(HOST));
    Path wrong = secret("wrong.token", "not-the-token-of-laptop");
    Path config =
        Files.writeString(
            dir.resolve("broken.yaml"),
            String.join(
                "\n",
                "hostId: " + HOST,
                "townRoot: " + notATown,
                "gt: /nowhere/gt",
                "bd: " + stack.town.bdPath(),
                "tmux: " + oldTmux,
                "stateDir: " + dir.resolve("doctor-state"),
                "health: {address: 127.0.0.1, port: 0}",
                "relays:",
                "  - name: wrongtoken",
                "    address: " + relayAddress(),
                "    tokenFile: " + wrong,
                "    caFile: " + stack.certs.caCert(),
                "  - name: wrongca",
                "    address: " + relayAddress(),
                "    tokenFile: " + good,
                "    caFile: " + otherCa.caCert(),
                "  - name: down",
                "    address: 127.0.0.1:1",
                "    tokenFile: " + good,
                ""));
    double authFailures = stack.relay.metrics().authFailures();

    Report report = doctor(config);

    assertThat(report.exitCode()).as(report.text()).isEqualTo(1);
    assertThat(failures(report))
        .as(report.text())
        .anyMatch(l -> l.startsWith("FAIL gt: '/nowhere/gt' is not an executable file"))
        .anyMatch(l -> l.startsWith("FAIL tmux: tmux 2.9 at ") && l.contains("older than 3.0"))
        .anyMatch(l -> l.startsWith("FAIL town: " + notATown + " has no mayor/town.json"))
        .anyMatch(
            l ->
                l.startsWith("FAIL relay wrongtoken auth: the relay refused the credentials")
                    && l.contains("UNAUTHENTICATED"))
        .anyMatch(
            l ->
                l.startsWith("FAIL relay wrongca: TLS: the relay's certificate is not signed by")
                    && l.contains(otherCa.caCert().toString()))
        .anyMatch(l -> l.startsWith("FAIL relay down: 127.0.0.1:1 is not reachable"))
        .allMatch(l -> l.contains(" — "));
    assertThat(report.text())
        .contains("OK   config: ")
        .contains("OK   bd: ")
        .contains("OK   relay wrongtoken: ")
        .doesNotContain("not-the-token-of-laptop");
    assertThat(stack.relay.metrics().authFailures()).isGreaterThan(authFailures);
    assertThat(agent.isConnected("e2e")).as("the running agent is never disturbed").isTrue();
  }

  @Test
  void aTokenOfAnotherHostIsNamed() throws IOException {
    Path token = secret("laptop-for-desk.token", LocalStack.tokenOf(HOST));
    Path config =
        Files.writeString(
            dir.resolve("desk.yaml"),
            String.join(
                "\n",
                "hostId: desk",
                "townRoot: " + stack.town.root(),
                "gt: " + stack.town.gtPath(),
                "bd: " + stack.town.bdPath(),
                "stateDir: " + dir.resolve("doctor-state"),
                "health: {address: 127.0.0.1, port: 0}",
                "relays:",
                "  - name: e2e",
                "    address: " + relayAddress(),
                "    tokenFile: " + token,
                "    caFile: " + stack.certs.caCert(),
                ""));

    Report report = doctor(config);

    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(failures(report))
        .as(report.text())
        .containsExactly(
            report.lines().stream()
                .filter(l -> l.startsWith("FAIL relay e2e auth: the credentials belong to another"))
                .findFirst()
                .orElse("no line naming the host mismatch"));
  }

  private static List<String> failures(Report r) {
    List<String> out = new ArrayList<>();
    r.lines().stream().filter(l -> l.startsWith("FAIL ")).forEach(out::add);
    return out;
  }
}
