package io.gastown.relay.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.relay.RelayConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MirrorSettingsTest {

  static RelayConfig.Builder base() {
    return RelayConfig.builder().devPlaintextLoopback(true).bindAddress("127.0.0.1");
  }

  @Test
  void theMirrorNamespaceDefaultsToTheWatchedOneElseDefault() {
    assertEquals("default", base().build().effectiveMirrorNamespace());
    assertEquals("team-a", base().watchNamespace("team-a").build().effectiveMirrorNamespace());
    assertEquals("town", base().mirrorNamespace("town").build().effectiveMirrorNamespace());
  }

  @Test
  void aMirrorNamespaceTheRelayDoesNotWatchIsRefused() {
    RelayConfig c = base().watchNamespace("team-a").mirrorNamespace("town").build();
    assertTrue(
        c.problems().stream().anyMatch(p -> p.startsWith(RelayConfig.MIRROR_NAMESPACE)),
        c.problems().toString());
    assertTrue(
        base().automatonRelease(Duration.ofMillis(-1)).build().problems().stream()
            .anyMatch(p -> p.startsWith(RelayConfig.AUTOMATON_RELEASE_MS)));
  }

  @Test
  void fromTheEnvironmentTheWatchedNamespaceWinsOverThePods() throws java.io.IOException {
    java.nio.file.Path tokens = java.nio.file.Files.createTempFile("tokens", "");
    java.util.Map<String, String> env =
        new java.util.HashMap<>(
            java.util.Map.of(
                RelayConfig.DEV_PLAINTEXT_LOOPBACK, "true",
                RelayConfig.BIND_ADDRESS, "127.0.0.1",
                RelayConfig.TOKENS_FILE, tokens.toString(),
                RelayConfig.POD_NAMESPACE, "gastown-system"));
    assertEquals("gastown-system", RelayConfig.fromEnv(env).effectiveMirrorNamespace());
    env.put(RelayConfig.WATCH_NAMESPACE, "team-a");
    assertEquals("team-a", RelayConfig.fromEnv(env).effectiveMirrorNamespace());
    java.nio.file.Files.delete(tokens);
  }
}
