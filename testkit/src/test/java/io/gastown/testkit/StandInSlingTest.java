package io.gastown.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** gt sling: its text output, the real tmux session it starts, and its refusals. */
class StandInSlingTest extends TownTestBase {

  @Test
  void slingPrintsTheContractLinesAndStartsASessionOnTheTownSocket() {
    String bead = rigWithBead();

    CliResult r = town.gt("sling", bead, "gastown");

    assertEquals(0, r.exit(), r::toString);
    List<String> lines = r.lines();
    assertTrue(lines.contains("Created polecat: furiosa"), r::toString);
    assertTrue(lines.contains("\uD83C\uDFAF Slinging " + bead + " to gastown/polecats/furiosa..."));
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.matches("\u2192 Created convoy \uD83D\uDE9A hq-cv-[0-9a-z]{5}")),
        r::toString);
    assertTrue(lines.contains("\u2713 Work attached to hook (status=hooked)"));
    assertTrue(lines.contains("Starting session for gastown/furiosa..."));
    assertTrue(town.sessionAlive("gt-furiosa"), town.sessions()::toString);
    JsonNode issue = town.bead(bead);
    assertEquals("hooked", issue.get("status").asText());
    assertEquals("gastown/polecats/furiosa", issue.get("assignee").asText());
    assertEquals(1, town.slingCount(bead));
  }

  @Test
  void slingingAHookedBeadToItsRigAgainIsANoOp() {
    String bead = rigWithBead();
    town.gt("sling", bead, "gastown");

    CliResult again = town.gt("sling", bead, "gastown");

    assertEquals(0, again.exit(), again::toString);
    assertEquals(
        "\u25CB Bead " + bead + " is already hooked to gastown/polecats/furiosa, no-op",
        again.lines().get(0));
    assertEquals(1, town.slingCount(bead));
    assertEquals(1, town.sessions().size());
  }

  @Test
  void slingingAHookedBeadElsewhereIsRefused() {
    String bead = rigWithBead();
    town.gt("sling", bead, "gastown");

    CliResult r = town.gt("sling", bead, "gastown/nux");

    assertEquals(1, r.exit());
    assertTrue(
        r.stderr()
            .startsWith(
                "Error: bead "
                    + bead
                    + " is already hooked to gastown/polecats/furiosa\nUse --force to re-sling"),
        r::toString);
  }

  @Test
  void aDeadSessionMakesTheNextSlingReassignTheBead() {
    String bead = rigWithBead();
    town.gt("sling", bead, "gastown");
    town.killSession("gt-furiosa");

    CliResult r = town.gt("sling", bead, "gastown");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(
        r.stdout()
            .contains(
                "Hooked agent gastown/polecats/furiosa has no active session, auto-forcing re-sling"),
        r::toString);
    assertTrue(r.stdout().contains("\u25CB Already tracked by convoy hq-cv-"), r::toString);
    assertEquals(2, town.slingCount(bead));
  }

  @Test
  void anIdlePolecatIsReused() {
    String first = rigWithBead();
    String second = town.createBead("gastown", "Second job");
    town.gt("sling", first, "gastown");
    town.closeBead(first);
    town.gt("session", "stop", "gastown/furiosa");

    CliResult r = town.gt("sling", second, "gastown");

    assertTrue(r.lines().contains("Reusing idle polecat: furiosa"), r::toString);
    assertTrue(town.sessionAlive("gt-furiosa"));
  }

  @Test
  void polecatsCannotSling() {
    String bead = rigWithBead();

    CliResult r = town.gtWithEnv(Map.of("GT_ROLE", "polecat"), "sling", bead, "gastown");

    assertEquals(1, r.exit());
    assertEquals("Error: polecats cannot sling (use gt done for handoff)\n", r.stderr());
    assertEquals(0, town.slingCount(bead));
  }

  @Test
  void closedUnknownAndForeignBeadsAreRefused() {
    String bead = rigWithBead();
    town.closeBead(bead);
    String townBead = town.createBead("town", "Town-level chore");

    CliResult closed = town.gt("sling", bead, "gastown");
    CliResult missing = town.gt("sling", "gt-zzzzz", "gastown");
    CliResult notABead = town.gt("sling", "NotABead", "gastown");
    CliResult foreign = town.gt("sling", townBead, "gastown");

    assertEquals(
        "Error: bead " + bead + " is closed (work already completed)", firstLine(closed.stderr()));
    assertEquals(
        "Error: checking bead status: bead 'gt-zzzzz' not found", firstLine(missing.stderr()));
    assertEquals("Error: 'NotABead' is not a valid bead or formula", firstLine(notABead.stderr()));
    assertTrue(foreign.stderr().contains("it belongs to town root"), foreign::toString);
  }

  @Test
  void thePolecatCapRefusesFurtherSpawns() {
    String bead = rigWithBead();
    town.setConfig("max_working_polecats", 1);
    town.gt("sling", bead, "gastown");
    String next = town.createBead("gastown", "One too many");

    CliResult r = town.gt("sling", next, "gastown");

    assertEquals(1, r.exit());
    assertTrue(
        r.stderr().startsWith("Error: spawning polecat: polecat cap reached: 1 working polecats"),
        r::toString);
  }

  @Test
  void dryRunChangesNothing() {
    String bead = rigWithBead();

    CliResult r = town.gt("sling", bead, "gastown", "--dry-run");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.stdout().contains("Would spawn fresh polecat in rig 'gastown'"));
    assertEquals("open", town.bead(bead).get("status").asText());
    assertTrue(town.sessions().isEmpty());
  }

  @Test
  void noConvoySkipsTheConvoy() {
    String bead = rigWithBead();

    CliResult r = town.gt("sling", bead, "gastown", "--no-convoy", "-s", "subject", "-m", "msg");

    assertFalse(r.stdout().contains("Created convoy"), r::toString);
    assertEquals("[]\n", town.gt("convoy", "list", "--json").stdout());
  }

  @Test
  void batchSlingGivesEachBeadItsOwnPolecat() {
    String a = rigWithBead();
    String b = town.createBead("gastown", "Second");

    CliResult r = town.gt("sling", a, b, "gastown");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.stdout().contains("Batch sling complete: 2/2 succeeded"), r::toString);
    assertEquals(2, town.sessions().size());
  }

  @Test
  void concurrentSlingsOfDistinctBeadsNeverShareAPolecat() throws Exception {
    town.addRig("gastown", "https://github.com/example/gastown.git");
    List<String> beads = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      beads.add(town.createBead("gastown", "Job " + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<CliResult>> runs = new ArrayList<>();
      for (String bead : beads) {
        runs.add(pool.submit(() -> town.gt("sling", bead, "gastown")));
      }
      for (Future<CliResult> f : runs) {
        assertEquals(0, f.get().exit(), () -> "sling failed");
      }
    } finally {
      pool.shutdownNow();
    }

    Set<String> assignees = new HashSet<>();
    for (String bead : beads) {
      assignees.add(town.bead(bead).get("assignee").asText());
      assertEquals(1, town.slingCount(bead));
    }
    assertEquals(6, assignees.size());
    assertEquals(6, town.sessions().size());
    assertEquals(6, town.calls().stream().filter(argv -> argv.get(0).equals("sling")).count());
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse("");
  }
}
