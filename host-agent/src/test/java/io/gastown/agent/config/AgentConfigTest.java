package io.gastown.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir Path dir;
  Path town;

  @BeforeEach
  void makeTown() throws IOException {
    town = dir.resolve("town");
    Files.createDirectories(town.resolve("mayor"));
    Files.writeString(town.resolve("mayor/town.json"), "{\"type\":\"town\"}");
  }

  private Path yaml(String text) throws IOException {
    Path f = dir.resolve("agent.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void loadsEveryKeyFromYaml() throws IOException {
    Path f =
        yaml(
            """
            hostId: laptop-1
            townRoot: %s
            gt: /opt/gt
            bd: /opt/bd
            tmux: /usr/bin/tmux
            stateDir: /var/tmp/agent
            observeIntervalMillis: 500
            commandTimeoutMillis: 9000
            maxOutputBytes: 4096
            health: {address: 0.0.0.0, port: 0}
            relays:
              - name: prod
                address: relay.example.com:443
                tokenFile: /etc/token
                caFile: /etc/ca.pem
                serverNameOverride: relay.internal
                allow: {namespaces: [team-a], rigs: [web]}
                mirror: true
                maxPolecats: 4
              - name: dev
                address: 127.0.0.1:8443
                plaintextLoopbackDev: true
            """
                .formatted(town));
    AgentConfig c = AgentConfig.load(f, Map.of(), List.of());
    assertEquals("laptop-1", c.hostId());
    assertEquals(town, c.townRoot());
    assertEquals("/opt/gt", c.gt());
    assertEquals(Path.of("/var/tmp/agent"), c.stateDir());
    assertEquals(500, c.observeIntervalMillis());
    assertEquals(9000, c.commandTimeoutMillis());
    assertEquals(4096, c.maxOutputBytes());
    assertEquals(new HealthConfig("0.0.0.0", 0), c.health());
    RelayConfig prod = c.relay("prod");
    assertEquals("relay.example.com", prod.host());
    assertEquals(443, prod.port());
    assertEquals(Path.of("/etc/token"), prod.tokenFile().orElseThrow());
    assertEquals("relay.internal", prod.serverNameOverride().orElseThrow());
    assertTrue(prod.allow().allowsNamespace("team-a"));
    assertFalse(prod.allow().allowsNamespace("team-b"));
    assertTrue(prod.allow().allowsRig("web", "x"));
    assertFalse(prod.allow().allowsRig("api", "api"));
    assertTrue(prod.mirror());
    assertEquals(4, prod.maxPolecats());
    assertTrue(c.relay("dev").plaintextLoopbackDev());
  }

  @Test
  void appliesDefaults() throws IOException {
    Path f = yaml("hostId: h1\ntownRoot: " + town + "\n");
    AgentConfig c = AgentConfig.load(f, Map.of("XDG_STATE_HOME", "/xdg"), List.of());
    assertEquals("gt", c.gt());
    assertEquals("bd", c.bd());
    assertEquals("tmux", c.tmux());
    assertEquals(Path.of("/xdg/gastown-agent"), c.stateDir());
    assertEquals(10_000, c.observeIntervalMillis(), "the safety net under change notifications");
    assertTrue(c.watchTown());
    assertEquals(60_000, c.commandTimeoutMillis());
    assertEquals(1 << 20, c.maxOutputBytes());
    assertEquals(HealthConfig.DEFAULT, c.health());
    assertEquals(List.of(), c.relays());
    AgentConfig home = AgentConfig.load(f, Map.of("HOME", "/home/u"), List.of());
    assertEquals(Path.of("/home/u/.local/state/gastown-agent"), home.stateDir());
  }

  @Test
  void environmentOverridesYamlAndFlagsOverrideEnvironment() throws IOException {
    Path f = yaml("hostId: from-yaml\ntownRoot: " + town + "\nhealth: {port: 1}\n");
    Map<String, String> env =
        Map.of(
            "GASTOWN_AGENT_HOST_ID", "from-env",
            "GASTOWN_AGENT_HEALTH_PORT", "2",
            "GASTOWN_AGENT_OBSERVE_INTERVAL_MILLIS", "700");
    AgentConfig c = AgentConfig.load(f, env, List.of("--host-id", "from-flag"));
    assertEquals("from-flag", c.hostId());
    assertEquals(2, c.health().port());
    assertEquals(700, c.observeIntervalMillis());
    assertFalse(
        AgentConfig.load(f, Map.of("GASTOWN_AGENT_WATCH_TOWN", "false"), List.of()).watchTown());
    assertFalse(AgentConfig.load(f, Map.of(), List.of("--watch-town=false")).watchTown());
    AgentConfig viaConfigFlag =
        AgentConfig.load(null, Map.of(), List.of("--config=" + f, "--health-port=3"));
    assertEquals("from-yaml", viaConfigFlag.hostId());
    assertEquals(3, viaConfigFlag.health().port());
  }

  @Test
  void validationErrorsNameEveryBadField() throws IOException {
    Path f =
        yaml(
            """
            hostId: Bad_Host
            townRoot: /nonexistent
            colour: blue
            relays:
              - name: a
                address: no-port
              - name: a
                address: relay.example.com:443
                plaintextLoopbackDev: true
              - address: 10.0.0.1:99999
            """);
    ConfigException e =
        assertThrows(ConfigException.class, () -> AgentConfig.load(f, Map.of(), List.of()));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("hostId:"), all);
    assertTrue(all.contains("townRoot:"), all);
    assertTrue(all.contains("colour: unknown key"), all);
    assertTrue(all.contains("relays[0].address:"), all);
    assertTrue(all.contains("relays[1].name: 'a' is used by another relay"), all);
    assertTrue(all.contains("relays[1].plaintextLoopbackDev:"), all);
    assertTrue(all.contains("relays[2].name: required"), all);
    assertTrue(all.contains("relays[2].address:"), all);
  }

  @Test
  void plaintextIsAllowedForLoopbackAddressesOnly() {
    for (String loopback : List.of("127.0.0.1:1", "localhost:1", "[::1]:1", "127.1.2.3:5")) {
      AgentConfig.builder("h", town)
          .relay(RelayConfig.of("r", loopback).withPlaintextLoopbackDev(true))
          .build();
    }
    for (String remote : List.of("10.0.0.1:1", "relay.local:1", "localhost.evil.com:1")) {
      assertThrows(
          ConfigException.class,
          () ->
              AgentConfig.builder("h", town)
                  .relay(RelayConfig.of("r", remote).withPlaintextLoopbackDev(true))
                  .build(),
          remote);
    }
  }

  @Test
  void unknownFlagsAreRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> AgentConfig.load(null, Map.of(), List.of("--hots-id", "x")));
    assertTrue(e.getMessage().contains("--hots-id: unknown flag"), e.getMessage());
  }

  @Test
  void printingTheConfigShowsTokenPathsButNeverTokens() throws IOException {
    Path token = dir.resolve("token");
    Files.writeString(token, "s3cret-token-value");
    AgentConfig c =
        AgentConfig.builder("h", town)
            .relay(RelayConfig.of("r", "relay:443").withTokenFile(token))
            .build();
    assertTrue(c.toString().contains(token.toString()));
    assertFalse(c.toString().contains("s3cret"));
  }
}
