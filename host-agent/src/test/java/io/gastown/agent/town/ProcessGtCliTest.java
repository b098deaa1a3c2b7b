package io.gastown.agent.town;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessGtCliTest {
  final List<List<String>> calls = new ArrayList<>();
  final List<String> results = new ArrayList<>();
  ProcessResult next = ok("");

  static ProcessResult ok(String stdout) {
    return new ProcessResult(List.of(), 0, stdout, "", Duration.ofMillis(3), false, false);
  }

  static ProcessResult fail(String stderr) {
    return new ProcessResult(List.of(), 1, "", stderr, Duration.ofMillis(3), false, false);
  }

  final GtCli gt =
      new ProcessGtCli(
          argv -> {
            calls.add(argv);
            return next;
          },
          "/bin/gt",
          (sub, result, d) -> results.add(sub + "=" + result));

  @Test
  void rigAddPassesEachValueAsOneArgument() {
    gt.rigAdd("my_rig", "https://example.com/r.git", "mr", "");
    gt.rigAdd("my_rig", "git@example.com:r.git", "mr", "release/1.0");
    assertEquals(
        List.of("/bin/gt", "rig", "add", "my_rig", "https://example.com/r.git", "--prefix", "mr"),
        calls.get(0));
    assertEquals(
        List.of(
            "/bin/gt",
            "rig",
            "add",
            "my_rig",
            "git@example.com:r.git",
            "--prefix",
            "mr",
            "--branch",
            "release/1.0"),
        calls.get(1));
  }

  @Test
  void slingPutsFreeTextInsideItsFlagArgument() {
    next = ok("Created polecat: furiosa\n");
    SlingResult r =
        gt.sling(
            new SlingRequest(
                "gt-abc12", "gastown", "claude", "-s --force", "line1\nline2", "mr", "main"));
    assertEquals("furiosa", r.polecatName());
    assertEquals(
        List.of(
            "/bin/gt",
            "sling",
            "gt-abc12",
            "gastown",
            "--agent=claude",
            "--subject=-s --force",
            "--message=line1\nline2",
            "--merge=mr",
            "--base-branch=main"),
        calls.get(0));
    gt.sling(new SlingRequest("gt-abc12", "gastown", "", "", "", "", ""));
    assertEquals(List.of("/bin/gt", "sling", "gt-abc12", "gastown"), calls.get(1));
  }

  @Test
  void removalsAndStopsAddForceOnlyWhenAsked() {
    gt.rigRemove("r", false);
    gt.rigRemove("r", true);
    gt.polecatNuke("r", "nux", false);
    gt.polecatNuke("r", "nux", true);
    gt.sessionStop("r", "nux", false);
    assertEquals(List.of("/bin/gt", "rig", "remove", "r"), calls.get(0));
    assertEquals(List.of("/bin/gt", "rig", "remove", "r", "--force"), calls.get(1));
    assertEquals(List.of("/bin/gt", "polecat", "nuke", "r/nux"), calls.get(2));
    assertEquals(List.of("/bin/gt", "polecat", "nuke", "r/nux", "--force"), calls.get(3));
    assertEquals(List.of("/bin/gt", "session", "stop", "r/nux"), calls.get(4));
  }

  @Test
  void listingsUseJson() {
    next = ok("[]");
    gt.polecatListAll();
    next = ok("null");
    gt.sessionList();
    next = ok("No rigs configured.");
    gt.rigList();
    assertEquals(List.of("/bin/gt", "polecat", "list", "--all", "--json"), calls.get(0));
    assertEquals(List.of("/bin/gt", "session", "list", "--json"), calls.get(1));
    assertEquals(List.of("/bin/gt", "rig", "list", "--json"), calls.get(2));
    assertEquals(List.of("polecat list=ok", "session list=ok", "rig list=ok"), results);
  }

  @Test
  void failuresCarryGtsErrorLineNotItsUsageText() {
    next =
        fail(
            "warning: stale binary\nError: adding rig: rig already exists\n\nUsage:\n  gt rig add\n");
    GtCommandException e =
        assertThrows(GtCommandException.class, () -> gt.rigAdd("r", "https://x/y", "rr", ""));
    assertEquals("adding rig: rig already exists", e.gtMessage());
    assertEquals(1, e.exitCode());
    assertEquals("gt rig add", e.command());
    assertEquals(List.of("rig add=error"), results);
  }

  @Test
  void warningsOnStderrDoNotSpoilSuccessfulOutput() {
    next =
        new ProcessResult(List.of(), 0, "[]", "warning: bd is old\n", Duration.ZERO, false, false);
    assertEquals(List.of(), gt.polecatListAll());
  }

  @Test
  void timeoutsAndUnreadableOutputAreTypedErrors() {
    next = new ProcessResult(List.of(), -1, "", "", Duration.ofSeconds(60), true, false);
    assertThrows(GtCommandException.class, gt::rigList);
    next = ok("<html>");
    assertThrows(GtOutputException.class, gt::rigList);
    assertEquals(List.of("rig list=timeout", "rig list=unreadable"), results);
  }

  @Test
  void truncatedOutputIsNeverParsed() {
    next = new ProcessResult(List.of(), 0, "[]", "", Duration.ZERO, false, true);
    assertThrows(GtOutputException.class, gt::polecatListAll);
  }
}
