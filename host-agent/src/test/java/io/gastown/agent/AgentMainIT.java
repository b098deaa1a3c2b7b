package io.gastown.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.testing.TestRelay;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.ProtocolVersion;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Welcome;
import io.gastown.testkit.StandInTown;
import io.gastown.testkit.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: version, doctor (with the stand-in gt/bd and real tmux), bad configs. */
class AgentMainIT {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Map<String, String> env, String... args) {
    return AgentMain.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  Map<String, String> env() {
    return Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString());
  }

  @Test
  void versionPrintsTheRelease() {
    assertEquals(0, run(env(), "version"));
    assertEquals("host-agent " + AgentVersion.VERSION + "\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void doctorSaysOkForAHealthySetupAndFailsWithAFixOtherwise() throws Exception {
    StandInTown t = StandInTown.create(dir.resolve("town"));
    Path town = t.root();
    Path token = dir.resolve("token");
    Files.writeString(token, "super-secret-token");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
    try (TestRelay relay = TestRelay.startTls(certs)) {
      relay.requiredAuthorization = "Bearer super-secret-token";
      relay.onHello = AgentMainIT::probeWelcome;
      Path config = dir.resolve("agent.yaml");
      Files.writeString(
          config,
          """
          hostId: laptop-1
          townRoot: %s
          gt: %s
          bd: %s
          stateDir: %s
          health: {address: 127.0.0.1, port: 0}
          relays:
            - name: up
              address: %s
              tokenFile: %s
              caFile: %s
            - name: down
              address: 127.0.0.1:1
              tokenFile: %s
          """
              .formatted(
                  town,
                  t.gtPath(),
                  t.bdPath(),
                  dir.resolve("state"),
                  relay.address(),
                  token,
                  certs.caCert(),
                  dir.resolve("missing-token")));
      int code = run(env(), "doctor", "--config", config.toString());
      String report = out.toString(StandardCharsets.UTF_8);
      assertEquals(1, code, report);
      assertTrue(report.contains("OK   config: "), report);
      assertTrue(report.contains("OK   java: "), report);
      assertTrue(report.contains("OK   gt: gt 1.0.1-standin at "), report);
      assertTrue(report.contains("OK   bd: bd 0.57.0 at "), report);
      assertTrue(report.contains("OK   tmux: "), report);
      assertTrue(report.contains("OK   town: "), report);
      assertTrue(report.contains("OK   gt in town: "), report);
      assertTrue(report.contains("OK   relay up token: "), report);
      assertTrue(report.contains("OK   relay up CA: "), report);
      assertTrue(report.contains("OK   relay up: "), report);
      assertTrue(report.contains("OK   relay up auth: accepted as host 'laptop-1'"), report);
      assertTrue(report.contains("FAIL relay down token: "), report);
      assertTrue(report.contains("FAIL relay down: 127.0.0.1:1 is not reachable"), report);
      assertFalse(report.contains("super-secret-token"), report);
      String[] lines = report.split("\n");
      for (String line : lines) {
        assertTrue(
            line.startsWith("OK   ")
                || line.startsWith("WARN ")
                || line.startsWith("FAIL ")
                || line.startsWith("doctor: "),
            line);
        if (line.startsWith("FAIL") || line.startsWith("WARN")) {
          assertTrue(line.contains(" — "), "every problem says what to fix: " + line);
        }
      }
      assertTrue(lines[lines.length - 1].startsWith("doctor: 2 failed"), report);
    }
  }

  static List<RelayMessage> probeWelcome(Hello hello) {
    return List.of(
        RelayMessage.newBuilder()
            .setWelcome(
                Welcome.newBuilder()
                    .setProtocol(ProtocolVersion.newBuilder().setMajor(1).setMinor(1))
                    .setClusterName("test")
                    .setRelayId("test-relay")
                    .addCapabilities("probe"))
            .build());
  }

  @Test
  void doctorFailsForAMissingGt() throws Exception {
    StandInTown t = StandInTown.create(dir.resolve("town"));
    Path town = t.root();
    Path config = dir.resolve("agent.yaml");
    Files.writeString(
        config,
        "hostId: h\ntownRoot: %s\ngt: no-such-gt-binary\nbd: %s\nstateDir: %s\n"
            .formatted(town, t.bdPath(), dir.resolve("state")));
    assertEquals(1, run(env(), "doctor", "--config", config.toString()));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("FAIL gt: 'no-such-gt-binary' is not"));
  }

  @Test
  void doctorReportsABrokenConfigAndStillChecksEverythingElse() throws Exception {
    Path config = dir.resolve("agent.yaml");
    Files.writeString(config, "hostId: NOPE\ntownRoot: /nowhere\nhealth: {port: 0}\n");
    assertEquals(1, run(env(), "doctor", "--config", config.toString()));
    String report = out.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("FAIL config: hostId: must match"), report);
    assertTrue(report.contains("fix it in " + config), report);
    assertTrue(report.contains("FAIL town: /nowhere does not exist"), report);
    assertTrue(report.contains("OK   tmux: "), report);
    assertTrue(report.contains("WARN config: no relays"), report);
  }

  @Test
  void anInvalidConfigExitsTwoNamingTheField() throws Exception {
    Path config = dir.resolve("agent.yaml");
    Files.writeString(config, "hostId: NOPE\ntownRoot: /nowhere\n");
    assertEquals(2, run(env(), "run", "--config", config.toString()));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("config: hostId:"), e);
    assertTrue(e.contains("config: townRoot:"), e);
    assertEquals(2, run(env(), "frobnicate"));
  }
}
