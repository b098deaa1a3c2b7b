package io.gastown.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayConfigTest {
  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void files() throws IOException {
    env.put("RELAY_TLS_CERT_FILE", Files.writeString(dir.resolve("relay.pem"), "x").toString());
    env.put("RELAY_TLS_KEY_FILE", Files.writeString(dir.resolve("relay.key"), "x").toString());
    env.put("RELAY_TOKENS_FILE", Files.writeString(dir.resolve("tokens"), "").toString());
    env.put("HOSTNAME", "relay-7d9f");
  }

  @Test
  void defaultsAreThoseDocumented() {
    RelayConfig c = RelayConfig.fromEnv(env);
    assertEquals("0.0.0.0", c.bindAddress());
    assertEquals(8443, c.grpcPort());
    assertEquals(8080, c.healthPort());
    assertEquals("default", c.clusterName());
    assertEquals("relay-7d9f", c.relayId());
    assertEquals("", c.watchNamespace());
    assertEquals(Optional.empty(), c.defaultHost());
    assertEquals(Duration.ofSeconds(10), c.heartbeatInterval());
    assertEquals(Duration.ofSeconds(30), c.heartbeatTimeout());
    assertEquals(Duration.ofSeconds(15), c.hostGrace());
    assertFalse(c.devPlaintextLoopback());
  }

  @Test
  void hostLeasesLiveInThePodsNamespaceUnlessToldOtherwiseAndNowhereWithoutOne() {
    assertEquals("", RelayConfig.fromEnv(env).leaseNamespace(), "no namespace, no Leases");
    env.put("POD_NAMESPACE", "gastown-system");
    assertEquals("gastown-system", RelayConfig.fromEnv(env).leaseNamespace());
    env.put("RELAY_LEASE_NAMESPACE", "leases");
    assertEquals("leases", RelayConfig.fromEnv(env).leaseNamespace());
    assertTrue(RelayConfig.fromEnv(env).describe().contains("host leases in namespace leases"));
    env.put("RELAY_LEASE_NAMESPACE", "Not_A_Namespace");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RelayConfig.fromEnv(env));
    assertTrue(e.getMessage().contains("RELAY_LEASE_NAMESPACE"), e.getMessage());
  }

  @Test
  void flagsOverrideTheEnvironment() {
    env.put("RELAY_GRPC_PORT", "9000");
    RelayConfig c =
        RelayConfig.fromEnv(
            env, new String[] {"--grpc-port=9443", "--default-host", "laptop", "--relay-id=r1"});
    assertEquals(9443, c.grpcPort());
    assertEquals(Optional.of("laptop"), c.defaultHost());
    assertEquals("r1", c.relayId());
  }

  @Test
  void plaintextIsRefusedUnlessTheBindAddressIsLoopback() {
    env.put("RELAY_DEV_PLAINTEXT_LOOPBACK", "true");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RelayConfig.fromEnv(env));
    assertTrue(
        e.getMessage().contains("RELAY_DEV_PLAINTEXT_LOOPBACK=true is refused"), e.getMessage());
    assertTrue(e.getMessage().contains("0.0.0.0"), e.getMessage());

    env.put("RELAY_BIND_ADDRESS", "127.0.0.1");
    env.remove("RELAY_TLS_CERT_FILE");
    env.remove("RELAY_TLS_KEY_FILE");
    assertTrue(RelayConfig.fromEnv(env).devPlaintextLoopback());
  }

  @Test
  void missingTlsFilesAreNamedInTheError() {
    env.put("RELAY_TLS_CERT_FILE", dir.resolve("nope.pem").toString());
    env.remove("RELAY_TLS_KEY_FILE");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RelayConfig.fromEnv(env));
    assertTrue(
        e.getMessage().contains("RELAY_TLS_CERT_FILE=" + dir.resolve("nope.pem")), e.getMessage());
    assertTrue(e.getMessage().contains("RELAY_TLS_KEY_FILE is required"), e.getMessage());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    env.put("RELAY_GRPC_PORT", "eighty");
    env.put("RELAY_HEARTBEAT_TIMEOUT_MS", "5000");
    env.put("RELAY_HEARTBEAT_INTERVAL_MS", "10000");
    env.put("RELAY_DEFAULT_HOST", "Not_A_Host");
    env.remove("RELAY_TOKENS_FILE");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RelayConfig.fromEnv(env));
    for (String key :
        new String[] {
          "RELAY_GRPC_PORT", "RELAY_HEARTBEAT_TIMEOUT_MS", "RELAY_DEFAULT_HOST", "RELAY_TOKENS_FILE"
        }) {
      assertTrue(e.getMessage().contains(key), key + " in " + e.getMessage());
    }
  }

  @Test
  void anUnknownFlagIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RelayConfig.fromEnv(env, new String[] {"--grcp-port=1"}));
  }

  @Test
  void theDescriptionNamesFilesButHoldsNoSecrets() {
    String d = RelayConfig.fromEnv(env).describe();
    assertTrue(d.contains(dir.resolve("tokens").toString()), d);
    assertTrue(d.contains("heartbeat 10000 ms"), d);
  }
}
