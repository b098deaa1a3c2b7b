package io.gastown.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.testkit.StandInTown;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    try (ServerSocket relay = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Path config = dir.resolve("agent.yaml");
      Files.writeString(
          config,
          """
          hostId: laptop-1
          townRoot: %s
          gt: %s
          bd: %s
          stateDir: %s
          relays:
            - name: up
              address: 127.0.0.1:%d
              tokenFile: %s
            - name: down
              address: 127.0.0.1:1
              tokenFile: %s
          """
              .formatted(
                  town,
                  t.gtPath(),
                  t.bdPath(),
                  dir.resolve("state"),
                  relay.getLocalPort(),
                  token,
                  dir.resolve("missing-token")));
      int code = run(env(), "doctor", "--config", config.toString());
      String report = out.toString(StandardCharsets.UTF_8);
      assertEquals(1, code, report);
      assertTrue(report.contains("OK   gt: "), report);
      assertTrue(report.contains("version 1.0.1-standin"), report);
      assertTrue(report.contains("OK   bd: "), report);
      assertTrue(report.contains("OK   tmux: "), report);
      assertTrue(report.contains("OK   town: "), report);
      assertTrue(report.contains("OK   relay up: "), report);
      assertTrue(report.contains("OK   relay up token: "), report);
      assertTrue(report.contains("FAIL relay down token: "), report);
      assertTrue(report.contains("FAIL relay down: 127.0.0.1:1 is not reachable"), report);
      assertFalse(report.contains("super-secret-token"), report);
      for (String line : report.split("\n")) {
        assertTrue(line.startsWith("OK   ") || line.startsWith("FAIL "), line);
        if (line.startsWith("FAIL")) {
          assertTrue(line.contains(" — "), "every failure says what to fix: " + line);
        }
      }
    }
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
