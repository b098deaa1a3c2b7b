package io.gastown.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-in bd: shapes and exit codes gt and its clients depend on. */
class StandInBeadsTest extends TownTestBase {

  @Test
  void showReturnsAnArray() {
    String bead = rigWithBead();

    CliResult r = town.bd("show", bead, "--json");

    assertEquals(0, r.exit(), r::toString);
    JsonNode arr = json(r);
    assertTrue(arr.isArray());
    assertEquals(bead, arr.get(0).get("id").asText());
    assertEquals("open", arr.get(0).get("status").asText());
    assertEquals(2, arr.get(0).get("priority").asInt());
  }

  @Test
  void rigBeadsRouteByPrefixFromTheTownRoot() {
    String bead = rigWithBead();

    assertTrue(bead.startsWith("gt-"), bead);
    assertEquals(0, town.bd("update", bead, "--status=in_progress").exit());
    assertEquals("in_progress", town.bead(bead).get("status").asText());
  }

  @Test
  void errorsWithJsonGoToStdoutAsAnObject() {
    CliResult r = town.bd("show", "hq-nope", "--json");

    assertEquals(1, r.exit());
    JsonNode err = json(r);
    assertEquals("no issues found matching the provided IDs", err.get("error").asText());
    assertEquals(1, err.get("schema_version").asInt());
  }

  @Test
  void createPrintsTheIssueWithSchemaVersionAndSortedKeys() {
    CliResult r = town.bd("create", "--title", "A chore", "-d", "details", "-p", "1", "--json");

    assertEquals(0, r.exit(), r::toString);
    JsonNode issue = json(r);
    assertTrue(issue.get("id").asText().startsWith("hq-"));
    assertEquals(1, issue.get("schema_version").asInt());
    assertEquals(1, issue.get("priority").asInt());
    List<String> keys = new ArrayList<>();
    issue.fieldNames().forEachRemaining(keys::add);
    assertEquals(keys.stream().sorted().toList(), keys);
  }

  @Test
  void updateAndCloseFailWhenNothingChanged() {
    CliResult update = town.bd("update", "hq-nope", "--status=open");
    CliResult close = town.bd("close", "hq-nope");

    assertEquals(1, update.exit());
    assertEquals("Issue hq-nope not found\n", update.stderr());
    assertEquals(1, close.exit());
  }

  @Test
  void listHidesClosedIssuesAndCapsAtFifty() {
    String closed = town.createBead("town", "done already");
    town.closeBead(closed);
    for (int i = 0; i < 51; i++) {
      town.bd("create", "--title", "bulk " + i, "--silent");
    }

    CliResult r = town.bd("list", "--json", "--flat");
    CliResult all = town.bd("list", "--json", "--all");

    assertEquals(50, json(r).size());
    assertTrue(r.stderr().contains("more results matched but were hidden by --limit"), r::toString);
    assertEquals(52, json(all).size());
  }

  @Test
  void readyListsOpenUnhookedIssuesOnly() {
    String bead = rigWithBead();
    String other = town.createBead("gastown", "Second");
    town.gt("sling", bead, "gastown");

    JsonNode ready = json(town.bdInRig("gastown", "ready", "--json"));

    assertEquals(1, ready.size());
    assertEquals(other, ready.get(0).get("id").asText());
  }

  @Test
  void depAddTracksAcrossDatabases() {
    String bead = rigWithBead();
    String convoy =
        town.bd("create", "--type", "convoy", "--title", "cv", "--silent").stdout().strip();

    CliResult r = town.bd("dep", "add", convoy, bead, "--type=tracks");

    assertEquals(0, r.exit(), r::toString);
    JsonNode status = json(town.gt("convoy", "status", convoy, "--json"));
    assertEquals(bead, status.get("tracked").get(0).get("id").asText());
  }
}
