package io.gastown.agent.town;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParsersTest {

  @Test
  void rigListReadsTheJsonArray() {
    String out =
        """
        [
          {
            "name": "gastown",
            "beads_prefix": "gt",
            "status": "operational",
            "witness": "running",
            "refinery": "stopped",
            "polecats": 2,
            "crew": 1
          }
        ]
        """;
    assertEquals(
        List.of(new RigInfo("gastown", "gt", "operational", "running", "stopped", 2, 1)),
        RigOutputParser.rigList(out));
  }

  @Test
  void rigListWithNoRigsIsPlainText() {
    assertEquals(List.of(), RigOutputParser.rigList("No rigs configured.\n"));
    assertEquals(
        List.of(),
        RigOutputParser.rigList(
            "No rigs configured.\n\nAdd one with: gt rig add <name> <git-url>\n"));
  }

  @Test
  void malformedOutputIsATypedErrorNamingTheCommand() {
    GtOutputException e =
        assertThrows(GtOutputException.class, () -> RigOutputParser.rigList("{\"oops\": 1"));
    assertEquals("gt rig list", e.command());
    assertTrue(e.getMessage().contains("{\"oops\": 1"), e.getMessage());
    assertThrows(GtOutputException.class, () -> RigOutputParser.rigList("{\"name\":\"x\"}"));
    assertThrows(GtOutputException.class, () -> RigOutputParser.rigList("[{\"status\":\"x\"}]"));
    assertThrows(GtOutputException.class, () -> RigOutputParser.rigList(""));
    assertThrows(GtOutputException.class, () -> PolecatOutputParser.polecatList("[1,2]"));
    assertThrows(GtOutputException.class, () -> SlingOutputParser.parse("nothing useful"));
  }

  @Test
  void longGarbageIsExcerptedShortly() {
    String junk = "x".repeat(10_000);
    GtOutputException e =
        assertThrows(GtOutputException.class, () -> RigOutputParser.rigList(junk));
    assertTrue(e.getMessage().length() < 400, e.getMessage());
  }

  @Test
  void polecatListReadsEntriesAndEmptyArray() {
    assertEquals(List.of(), PolecatOutputParser.polecatList("[]"));
    String out =
        """
        [{"rig":"gastown","name":"furiosa","state":"working","issue":"gt-abc12",
          "session_running":true,"session_name":"gt-furiosa"},
         {"rig":"gastown","name":"nux","state":"idle","session_running":false,"zombie":true}]
        """;
    List<PolecatInfo> list = PolecatOutputParser.polecatList(out);
    assertEquals(
        new PolecatInfo("gastown", "furiosa", "working", "gt-abc12", true, false, "gt-furiosa"),
        list.get(0));
    assertEquals(new PolecatInfo("gastown", "nux", "idle", "", false, true, ""), list.get(1));
  }

  @Test
  void sessionListNullMeansNone() {
    assertEquals(List.of(), PolecatOutputParser.sessionList("null\n"));
    assertEquals(
        List.of(new SessionInfo("gastown", "furiosa", "gt-furiosa", true)),
        PolecatOutputParser.sessionList(
            "[{\"rig\":\"gastown\",\"polecat\":\"furiosa\",\"session_id\":\"gt-furiosa\","
                + "\"running\":true}]"));
  }

  @Test
  void polecatStatusReadsTheObject() {
    String out =
        """
        {"rig":"gastown","name":"furiosa","state":"working","issue":"gt-abc12",
         "clone_path":"/t/gastown/polecats/furiosa/gastown","branch":"polecat/furiosa",
         "session_running":true,"session_id":"gt-furiosa","last_activity":"2025-01-02 15:04:05"}
        """;
    assertEquals(
        new PolecatDetail(
            "gastown",
            "furiosa",
            "working",
            "gt-abc12",
            "/t/gastown/polecats/furiosa/gastown",
            "polecat/furiosa",
            true,
            "gt-furiosa",
            "2025-01-02 15:04:05"),
        PolecatOutputParser.polecatStatus(out));
  }

  @Test
  void slingOutputGivesThePolecatAndConvoy() {
    String created =
        """
        Created polecat: furiosa
        🎯 Slinging gt-abc12 to gastown/polecats/furiosa...
        → Created convoy 🚚 hq-cv-a1b2c
        ✓ Work attached to hook (status=hooked)
        Starting session for gastown/furiosa...
        """;
    assertEquals(
        new SlingResult("furiosa", false, "hq-cv-a1b2c"), SlingOutputParser.parse(created));
    String reused =
        """
        Reusing idle polecat: nux
        🎯 Slinging gt-abc12 to gastown/polecats/nux...
        ○ Already tracked by convoy hq-cv-zzzzz
        """;
    assertEquals(new SlingResult("nux", true, "hq-cv-zzzzz"), SlingOutputParser.parse(reused));
    assertEquals(
        new SlingResult("furiosa", true, ""),
        SlingOutputParser.parse(
            "○ Bead gt-abc12 is already hooked to gastown/polecats/furiosa, no-op\n"));
    assertEquals(
        new SlingResult("slit", false, ""),
        SlingOutputParser.parse("🎯 Slinging gt-abc12 to gastown/polecats/slit...\n"));
  }

  @Test
  void versionsAreReadLeniently() {
    assertEquals("1.0.1", VersionParser.parse("gt", "gt version 1.0.1 (release: main@abc)\n"));
    assertEquals("1.2.2-ex1", VersionParser.parse("gt", "gt version 1.2.2-ex1 (dev)"));
    assertEquals("0.57.0", VersionParser.parse("bd", "bd version 0.57.0 (abc)"));
    assertEquals("3.3a", VersionParser.parse("tmux", "tmux 3.3a"));
    assertThrows(GtOutputException.class, () -> VersionParser.parse("gt", "hello"));
  }

  @Test
  void gtErrorsAreClassified() {
    assertEquals(
        GtErrors.Kind.BEAD_CLOSED,
        GtErrors.classify("bead gt-abc12 is closed (work already completed)"));
    assertEquals(
        GtErrors.Kind.BEAD_NOT_FOUND, GtErrors.classify("'gt-zzz' is not a valid bead or formula"));
    assertEquals(
        GtErrors.Kind.BEAD_HOOKED_ELSEWHERE,
        GtErrors.classify("bead gt-abc12 is already hooked to gastown/polecats/nux"));
    assertEquals(
        GtErrors.Kind.BLOCKED, GtErrors.classify("blocked: 1 polecat(s) have active work"));
    assertEquals(
        GtErrors.Kind.BLOCKED, GtErrors.classify("refusing to remove rig with running sessions"));
    assertEquals(GtErrors.Kind.ALREADY_EXISTS, GtErrors.classify("adding rig: rig already exists"));
    assertEquals(GtErrors.Kind.OTHER, GtErrors.classify("Dolt server is not running"));
  }
}
