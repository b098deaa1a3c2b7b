package io.gastown.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The empty-result and error quirks of gt that naive clients trip over (contract section 7). */
class StandInQuirksTest extends TownTestBase {

  @Test
  void rigListJsonPrintsPlainTextWhenNoRigsExist() {
    CliResult r = town.gt("rig", "list", "--json");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.stdout().startsWith("No rigs configured.\n"), r::toString);
  }

  @Test
  void sessionListJsonPrintsNullWhenNoSessionsRun() {
    CliResult r = town.gt("session", "list", "--json");

    assertEquals(0, r.exit(), r::toString);
    assertEquals("null\n", r.stdout());
  }

  @Test
  void polecatAndConvoyListsPrintEmptyArrays() {
    town.addRig("gastown", "https://github.com/example/gastown.git");

    assertEquals("[]\n", town.gt("polecat", "list", "--all", "--json").stdout());
    assertEquals("[]\n", town.gt("polecat", "list", "gastown", "--json").stdout());
    assertEquals("[]\n", town.gt("convoy", "list", "--json").stdout());
  }

  @Test
  void convoyStatusWithoutIdPrintsNoActiveConvoysEvenWithJson() {
    CliResult r = town.gt("convoy", "status", "--json");

    assertEquals(0, r.exit(), r::toString);
    assertEquals("No active convoys.", r.lines().get(0));
  }

  @Test
  void convoyWithNothingTrackedHasNullTracked() {
    String convoy =
        town.bd("create", "--type", "convoy", "--title", "empty", "--silent").stdout().strip();

    CliResult r = town.gt("convoy", "status", convoy, "--json");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(json(r).get("tracked").isNull(), r::toString);
    assertEquals(0, json(r).get("total").asInt());
  }

  @Test
  void unknownFlagFailsWithErrorOnStderr() {
    CliResult r = town.gt("rig", "list", "--bogus");

    assertEquals(1, r.exit());
    assertEquals("", r.stdout());
    assertTrue(r.stderr().startsWith("Error: unknown flag: --bogus\n"), r::toString);
  }

  @Test
  void slingAndConvoyCreateHaveNoJsonFlag() {
    CliResult sling = town.gt("sling", "gt-abc", "gastown", "--json");
    CliResult convoy = town.gt("convoy", "create", "x", "gt-abc", "--json");

    assertTrue(sling.stderr().startsWith("Error: unknown flag: --json"), sling::toString);
    assertTrue(convoy.stderr().startsWith("Error: unknown flag: --json"), convoy::toString);
  }

  @Test
  void unknownCommandsFailAndSubcommandsMatchByPrefix() {
    CliResult root = town.gt("frobnicate");
    CliResult sub = town.gt("rig", "frob");
    CliResult prefix = town.gt("rig", "li", "--json");

    assertTrue(root.stderr().startsWith("Error: unknown command \"frobnicate\" for \"gt\""));
    assertTrue(sub.stderr().startsWith("Error: unknown command \"frob\" for \"gt rig\""));
    assertEquals(1, sub.exit());
    assertTrue(prefix.stdout().startsWith("No rigs configured."), prefix::toString);
  }

  @Test
  void outsideATownGtSaysSo() {
    CliResult r =
        StandInTown.run(
            town.gtPath(), tmp, Map.of(), Duration.ofSeconds(10), "rig", "list", "--json");

    assertEquals(1, r.exit());
    assertEquals("Error: not in a Gas Town workspace\n", r.stderr());
  }

  @Test
  void versionsAreParseable() {
    assertTrue(town.gt("version").stdout().matches("gt version \\S+ .*\n"));
    assertEquals("bd version 0.57.0 (standin)\n", town.bd("version").stdout());
  }

  @Test
  void tmuxSocketMatchesWhatGtReports() {
    CliResult r = town.gt("status", "--json");

    assertEquals(town.tmuxSocket(), json(r).at("/tmux/socket").asText());
    assertTrue(town.tmuxSocket().matches("town-[0-9a-f]{6}"), town.tmuxSocket());
  }

  @Test
  void hookShowJsonIsOneUnindentedLine() {
    town.addRig("gastown", "https://github.com/example/gastown.git");

    CliResult r = town.gt("hook", "show", "gastown/nux", "--json");

    assertEquals("{\"agent\":\"gastown/polecats/nux\",\"status\":\"empty\"}\n", r.stdout());
  }
}
