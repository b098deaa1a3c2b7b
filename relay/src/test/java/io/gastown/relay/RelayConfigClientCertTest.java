package io.gastown.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.relay.session.ClientAuthMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELAY_CLIENT_CA_FILE, RELAY_CLIENT_AUTH and RELAY_REVOKED_CERTS_FILE. */
class RelayConfigClientCertTest {
  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();
  private Path ca;

  @BeforeEach
  void files() throws IOException {
    env.put("RELAY_TLS_CERT_FILE", Files.writeString(dir.resolve("relay.pem"), "x").toString());
    env.put("RELAY_TLS_KEY_FILE", Files.writeString(dir.resolve("relay.key"), "x").toString());
    env.put("RELAY_TOKENS_FILE", Files.writeString(dir.resolve("tokens"), "").toString());
    ca = Files.writeString(dir.resolve("client-ca.pem"), "x");
  }

  @Test
  void withoutAClientCaThereIsNoMtls() {
    assertEquals(Optional.empty(), RelayConfig.fromEnv(env).clientCertAuth());
    assertTrue(RelayConfig.fromEnv(env).describe().contains("client certificates off"));
  }

  @Test
  void aClientCaAloneMeansOptionalClientCertificates() {
    env.put("RELAY_CLIENT_CA_FILE", ca.toString());
    RelayConfig c = RelayConfig.fromEnv(env);
    assertEquals(ClientAuthMode.OPTIONAL, c.clientCertAuth().orElseThrow().mode());
    assertEquals(ca, c.clientCertAuth().orElseThrow().caFile());
    assertTrue(c.describe().contains("client certificates optional (CA " + ca), c.describe());
  }

  @Test
  void requireNeedsNoTokensFileAndFlagsWork() throws IOException {
    env.remove("RELAY_TOKENS_FILE");
    Path revoked = Files.writeString(dir.resolve("revoked"), "");
    RelayConfig c =
        RelayConfig.fromEnv(
            env,
            new String[] {
              "--client-ca-file=" + ca,
              "--client-auth=REQUIRE",
              "--revoked-certs-file",
              revoked.toString()
            });
    assertEquals(ClientAuthMode.REQUIRE, c.clientCertAuth().orElseThrow().mode());
    assertEquals(Optional.of(revoked), c.clientCertAuth().orElseThrow().revokedCertsFile());
    assertEquals(Optional.empty(), c.tokensFile());
    assertEquals(c, c.toBuilder().build());
  }

  @Test
  void everyMisuseIsNamedByItsKey() {
    env.remove("RELAY_TOKENS_FILE");
    env.put("RELAY_CLIENT_AUTH", "sometimes");
    env.put("RELAY_REVOKED_CERTS_FILE", dir.resolve("revoked").toString());
    String m =
        assertThrows(IllegalArgumentException.class, () -> RelayConfig.fromEnv(env)).getMessage();
    assertTrue(m.contains("RELAY_CLIENT_AUTH=sometimes must be optional or require"), m);
    assertTrue(m.contains("RELAY_REVOKED_CERTS_FILE needs RELAY_CLIENT_CA_FILE"), m);
    assertTrue(m.contains("RELAY_TOKENS_FILE is required"), m);

    env.put("RELAY_CLIENT_AUTH", "require");
    m = assertThrows(IllegalArgumentException.class, () -> RelayConfig.fromEnv(env)).getMessage();
    assertTrue(m.contains("RELAY_CLIENT_AUTH=require needs RELAY_CLIENT_CA_FILE"), m);

    env.put("RELAY_CLIENT_CA_FILE", dir.resolve("missing.pem").toString());
    m = assertThrows(IllegalArgumentException.class, () -> RelayConfig.fromEnv(env)).getMessage();
    assertTrue(m.contains("RELAY_CLIENT_CA_FILE=" + dir.resolve("missing.pem")), m);
    assertTrue(m.contains("RELAY_REVOKED_CERTS_FILE=" + dir.resolve("revoked")), m);
  }

  @Test
  void mtlsNeedsTls() {
    env.put("RELAY_BIND_ADDRESS", "127.0.0.1");
    env.put("RELAY_DEV_PLAINTEXT_LOOPBACK", "true");
    env.put("RELAY_CLIENT_CA_FILE", ca.toString());
    String m =
        assertThrows(IllegalArgumentException.class, () -> RelayConfig.fromEnv(env)).getMessage();
    assertTrue(m.contains("RELAY_CLIENT_CA_FILE needs TLS"), m);
  }
}
