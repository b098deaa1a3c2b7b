package io.gastown.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The installer's AppCDS training run goes through a whole TLS session with the agent's own
 * channel, credentials and messages, offline (scripts/install-host-agent.sh runs it; the installer
 * test checks the archive it leaves).
 */
class CdsTrainingTest {
  @Test
  void completesAResyncOverTlsWithALoopbackRelayAndNoNetworkOrTown() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        AgentMain.run(
            new String[] {"cds-training"},
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, printed + err.toString(StandardCharsets.UTF_8));
    // Welcome, ResyncBegin, ResyncEnd
    assertTrue(printed.contains("3 messages from a loopback relay"), printed);
  }
}
