package io.gastown.agent.town.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TmuxSessionWatchTest {
  @Test
  void theHooksAreSetInTheAgentsOwnSlotAndTheWaitIsOneTmuxClient() {
    try (TmuxSessionWatch w =
        new TmuxSessionWatch("/usr/bin/tmux", "gt-a1b2c3", Map.of(), Path.of("/tmp"), () -> {})) {
      assertEquals(
          List.of(
              "/usr/bin/tmux",
              "-L",
              "gt-a1b2c3",
              "set-hook",
              "-g",
              "session-closed[7337]",
              "wait-for -S gastown-agent-town-changed",
              ";",
              "set-hook",
              "-g",
              "session-created[7337]",
              "wait-for -S gastown-agent-town-changed",
              ";",
              "wait-for",
              "gastown-agent-town-changed"),
          w.armAndWaitArgv());
      assertEquals(
          List.of(
              "/usr/bin/tmux",
              "-L",
              "gt-a1b2c3",
              "set-hook",
              "-gu",
              "session-closed[7337]",
              ";",
              "set-hook",
              "-gu",
              "session-created[7337]"),
          w.unhookArgv());
      assertFalse(w.armed(), "dormant until an observation sees sessions");
    }
  }

  @Test
  void theSocketIsGtsPerTownSocket() {
    String s = TmuxSocket.forTown(Path.of("/nonexistent/My Town"));
    assertTrue(s.matches("my-town-[0-9a-f]{6}"), s);
    assertEquals("default", TmuxSocket.sanitize("..."));
  }
}
