package io.gastown.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Polecat states derived per query, nuke's safety checks, and the cost of listing many. */
class StandInPolecatTest extends TownTestBase {

  private JsonNode onlyPolecat() {
    JsonNode list = json(town.gt("polecat", "list", "--all", "--json"));
    assertEquals(1, list.size(), list::toString);
    return list.get(0);
  }

  private String slungBead() {
    String bead = rigWithBead();
    CliResult r = town.gt("sling", bead, "gastown");
    assertEquals(0, r.exit(), r::toString);
    return bead;
  }

  @Test
  void aSlungPolecatWorksOnItsBead() {
    String bead = slungBead();

    JsonNode p = onlyPolecat();

    assertEquals("gastown", p.get("rig").asText());
    assertEquals("furiosa", p.get("name").asText());
    assertEquals("working", p.get("state").asText());
    assertEquals(bead, p.get("issue").asText());
    assertTrue(p.get("session_running").asBoolean());
  }

  @Test
  void closingTheBeadMakesThePolecatDoneAndStoppingItsSessionMakesItIdle() {
    String bead = slungBead();

    town.closeBead(bead);
    assertEquals("done", onlyPolecat().get("state").asText());

    CliResult stop = town.gt("session", "stop", "gastown/furiosa");
    assertEquals(0, stop.exit(), stop::toString);
    JsonNode p = onlyPolecat();
    assertEquals("idle", p.get("state").asText());
    assertFalse(p.get("session_running").asBoolean());
  }

  @Test
  void aDeadSessionWithHookedWorkIsStalled() {
    slungBead();

    town.killSession("gt-furiosa");

    assertEquals("stalled", onlyPolecat().get("state").asText());
  }

  @Test
  void aStaleOrStuckHeartbeatShowsInTheState() {
    slungBead();

    town.setHeartbeat("gastown", "furiosa", "stuck", 0, true);
    assertEquals("stuck", onlyPolecat().get("state").asText());

    town.setHeartbeat("gastown", "furiosa", "working", 600, true);
    assertEquals("stalled", onlyPolecat().get("state").asText());
  }

  @Test
  void aSessionWithoutWorktreeIsAZombie() throws Exception {
    slungBead();

    deleteTree(town.root().resolve("gastown/polecats/furiosa"));

    JsonNode p = onlyPolecat();
    assertEquals("zombie", p.get("state").asText());
    assertTrue(p.get("zombie").asBoolean());
    assertEquals("gt-furiosa", p.get("session_name").asText());
  }

  @Test
  void statusReportsCloneBranchAndSession() {
    String bead = slungBead();

    JsonNode s = json(town.gt("polecat", "status", "gastown/furiosa", "--json"));

    assertEquals("working", s.get("state").asText());
    assertEquals(bead, s.get("issue").asText());
    assertEquals(town.worktree("gastown", "furiosa").toString(), s.get("clone_path").asText());
    assertTrue(s.get("branch").asText().startsWith("polecat/furiosa/"), s::toString);
    assertEquals("gt-furiosa", s.get("session_id").asText());
    assertTrue(s.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
  }

  @Test
  void townStatusCountsPolecatsAndActiveHooks() {
    String bead = slungBead();

    JsonNode status = json(town.gt("status", "--json"));

    assertEquals(town.root().toString(), status.get("location").asText());
    assertEquals(1, status.at("/summary/polecat_count").asInt());
    assertEquals(1, status.at("/summary/active_hooks").asInt());
    assertEquals("furiosa", status.at("/rigs/0/polecats/0").asText());
    assertEquals(bead, status.at("/rigs/0/agents/0/hook_bead").asText());
    assertTrue(status.at("/tmux/running").asBoolean());
  }

  @Test
  void rigStopRefusesUncommittedWorkUnlessNuclear() {
    slungBead();
    town.setGitState("gastown", "furiosa", 0, false, List.of("dirty.txt"));

    CliResult refused = town.gt("rig", "stop", "gastown");
    CliResult nuclear = town.gt("rig", "stop", "gastown", "--nuclear");

    assertEquals("Error: rig failed to stop\n", refused.stderr());
    assertTrue(refused.stdout().contains("polecats have uncommitted work"), refused::toString);
    assertEquals(0, nuclear.exit(), nuclear::toString);
    assertFalse(town.sessionAlive("gt-furiosa"));
  }

  @Test
  void unknownPolecatIsReportedAsGtDoes() {
    town.addRig("gastown", "https://github.com/example/gastown.git");

    CliResult r = town.gt("polecat", "status", "gastown/nobody", "--json");

    assertEquals(1, r.exit());
    assertEquals("Error: polecat 'nobody' not found in rig 'gastown'\n", r.stderr());
  }

  @Test
  void nukeRefusesUnpushedWorkAndForceOverrides() {
    String bead = slungBead();
    town.closeBead(bead);
    town.setGitState("gastown", "furiosa", 2, false);

    CliResult refused = town.gt("polecat", "nuke", "gastown/furiosa");

    assertEquals(1, refused.exit());
    assertEquals("Error: blocked: 1 polecat(s) have active work\n", refused.stderr());
    assertTrue(refused.stdout().contains("has 2 unpushed commit(s)"), refused::toString);
    assertTrue(town.sessionAlive("gt-furiosa"));

    CliResult forced = town.gt("polecat", "nuke", "gastown/furiosa", "--force");

    assertEquals(0, forced.exit(), forced::toString);
    assertTrue(forced.lines().contains("\u2713 Nuked 1 polecat(s)."), forced::toString);
    assertFalse(town.sessionAlive("gt-furiosa"));
    assertFalse(Files.exists(town.worktree("gastown", "furiosa")));
    assertEquals("[]\n", town.gt("polecat", "list", "--all", "--json").stdout());
  }

  @Test
  void nukeRefusesHookedWorkAndOpenMergeRequests() {
    slungBead();
    town.setGitState("gastown", "furiosa", 0, true);

    CliResult r = town.gt("polecat", "nuke", "gastown/furiosa");

    assertEquals(1, r.exit());
    assertTrue(r.stdout().contains("has work on hook ("), r::toString);
    assertTrue(r.stdout().contains("has open MR ("), r::toString);
  }

  @Test
  void gitStateAndRecoveryFollowTheGitHooks() {
    slungBead();
    town.setGitState("gastown", "furiosa", 0, false, List.of("src/main.go"));

    JsonNode git = json(town.gt("polecat", "git-state", "gastown/furiosa", "--json"));
    JsonNode recovery = json(town.gt("polecat", "check-recovery", "gastown/furiosa", "--json"));

    assertFalse(git.get("clean").asBoolean());
    assertEquals("src/main.go", git.get("uncommitted_files").get(0).asText());
    assertEquals("NEEDS_RECOVERY", recovery.get("verdict").asText());
    assertEquals("has_uncommitted", recovery.get("cleanup_status").asText());
  }

  @Test
  void listingTwoHundredPolecatsCostsOneTmuxCall() {
    town.addRig("gastown", "https://github.com/example/gastown.git");
    List<String> names = town.populate("gastown", 200);
    assertEquals(200, names.size());

    long start = System.nanoTime();
    CliResult r = town.gt("polecat", "list", "--all", "--json");
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(0, r.exit(), r::toString);
    assertEquals(200, json(r).size());
    assertTrue(millis < 1000, () -> "took " + millis + " ms");
    StandInCall call = town.callLog().get(town.callLog().size() - 1);
    assertTrue(call.isGt("polecat"), call::toString);
    assertEquals(1, call.tmuxCalls());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
