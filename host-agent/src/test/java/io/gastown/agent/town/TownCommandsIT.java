package io.gastown.agent.town;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.testkit.StandInTown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The convoy and bd commands through real processes of the stand-in town. */
class TownCommandsIT {
  @TempDir Path dir;
  StandInTown town;
  ProcessRunner runner;
  ProcessGtCli gt;
  ProcessBdCli bd;

  @BeforeEach
  void setUp() {
    town = StandInTown.create(dir.resolve("town"));
    town.addRig("work_rig", "file:///srv/work.git");
    runner = new ProcessRunner(town.root(), System.getenv(), Duration.ofSeconds(30), 1 << 20);
    gt = new ProcessGtCli(runner, town.gtPath().toString(), CommandListener.NONE);
    bd = new ProcessBdCli(runner, town.bdPath().toString(), town.root(), CommandListener.NONE);
  }

  @AfterEach
  void tearDown() {
    runner.close();
    town.close();
  }

  @Test
  void aConvoyIsCreatedListedGrownAndClosedOnlyWhenDoneOrForced() {
    String a = town.createBead("work_rig", "first");
    String b = town.createBead("work_rig", "second");
    assertEquals(List.of(), gt.convoyList());
    String id =
        gt.convoyCreate(
            new ConvoyCreateRequest("Login hardening", List.of(a), "mayor/", "", "mr", "main"));
    assertTrue(id.startsWith("hq-cv-"), id);
    gt.convoyAdd(id, List.of(b));
    ConvoyInfo listed = gt.convoyList().get(0);
    assertEquals("Login hardening", listed.title());
    assertEquals(List.of(a, b), listed.trackedIds());
    assertEquals("0/2", listed.completed() + "/" + listed.total());

    GtCommandException refused =
        assertThrows(GtCommandException.class, () -> gt.convoyClose(id, false));
    assertEquals(GtErrors.Kind.BLOCKED, GtErrors.classify(refused.gtMessage()));
    town.closeBead(a);
    town.closeBead(b);
    assertEquals(2, gt.convoyList().get(0).completed());
    gt.convoyClose(id, false);
    assertTrue(gt.convoyList().get(0).closed(), "--all lists closed convoys too");
    gt.convoyClose(id, false); // idempotent
  }

  @Test
  void aLabelledBeadIsCreatedOnceInTheRigsBeads() {
    BeadRequest request =
        new BeadRequest("work_rig", "Fix the flaky test", "line one\nline two", "gastown-x-1");
    String first = bd.ensureBead(request);
    assertTrue(first.startsWith("wr-"), "created in the rig's beads: " + first);
    assertEquals(first, bd.ensureBead(request), "the label is the witness: no second bead");
    assertEquals("Fix the flaky test", town.bead(first).get("title").asText());
    town.closeBead(first);
    assertEquals(first, bd.ensureBead(request), "a closed bead still counts");
    assertEquals(
        1,
        town.callLog().stream()
            .filter(c -> c.prog().equals("bd") && c.argv().get(0).equals("create"))
            .count(),
        "the test's own bd create is not in the log: StandInTown.createBead is not used here");
  }
}
