package io.gastown.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gt convoy: the text of create, the JSON of list/status, close's refusal and idempotence. */
class StandInConvoyTest extends TownTestBase {

  private String create(String... args) {
    CliResult r = town.gt(args);
    assertEquals(0, r.exit(), r::toString);
    String first = r.lines().get(0);
    assertTrue(first.matches("\u2713 Created convoy \uD83D\uDE9A hq-cv-[0-9a-z]{5}"), first);
    return first.substring(first.lastIndexOf(' ') + 1);
  }

  @Test
  void createPrintsIdNameAndTrackedIssues() {
    String bead = rigWithBead();

    CliResult r = town.gt("convoy", "create", "Release", bead);

    List<String> lines = r.lines();
    assertTrue(lines.contains("  Name:     Release"), r::toString);
    assertTrue(lines.contains("  Tracking: 1 issues"), r::toString);
    assertTrue(lines.contains("  Issues:   " + bead), r::toString);
  }

  @Test
  void statusAndListShowProgress() {
    String a = rigWithBead();
    String b = town.createBead("gastown", "Second");
    String convoy = create("convoy", "create", "Release", a, b, "--merge", "mr");
    town.closeBead(a);

    JsonNode status = json(town.gt("convoy", "status", convoy, "--json"));
    JsonNode list = json(town.gt("convoy", "list", "--json"));

    assertEquals("open", status.get("status").asText());
    assertEquals("system-managed", status.get("lifecycle").asText());
    assertEquals("mr", status.get("merge_strategy").asText());
    assertEquals(1, status.get("completed").asInt());
    assertEquals(2, status.get("total").asInt());
    assertEquals("tracks", status.get("tracked").get(0).get("dependency_type").asText());
    assertEquals(1, list.size());
    assertEquals(convoy, list.get(0).get("id").asText());
    assertEquals(2, list.get(0).get("tracked").size());
  }

  @Test
  void closeRefusesOpenIssuesUnlessForcedAndIsIdempotent() {
    String bead = rigWithBead();
    String convoy = create("convoy", "create", "Release", bead);

    CliResult refused = town.gt("convoy", "close", convoy);
    assertEquals(1, refused.exit());
    assertEquals("Error: convoy has 1 open issue(s)\n", refused.stderr());

    assertEquals(0, town.gt("convoy", "close", convoy, "--force", "--reason", "abandoned").exit());
    CliResult again = town.gt("convoy", "close", convoy);
    assertEquals(0, again.exit());
    assertEquals("\u25CB Convoy " + convoy + " is already closed\n", again.stdout());

    assertEquals("[]\n", town.gt("convoy", "list", "--json").stdout());
    assertEquals(1, json(town.gt("convoy", "list", "--all", "--json")).size());
    assertEquals(1, json(town.gt("convoy", "list", "--status=closed", "--json")).size());
  }

  @Test
  void addReopensAClosedConvoy() {
    String bead = rigWithBead();
    String convoy = create("convoy", "create", "Release", bead);
    town.gt("convoy", "close", convoy, "--force");
    String more = town.createBead("gastown", "More work");

    CliResult r = town.gt("convoy", "add", convoy, more);

    assertEquals(0, r.exit(), r::toString);
    assertEquals("\u21BA Reopened convoy " + convoy, r.lines().get(0));
    assertEquals(
        "open", json(town.gt("convoy", "status", convoy, "--json")).get("status").asText());
  }

  @Test
  void unknownConvoyIsReported() {
    CliResult r = town.gt("convoy", "status", "hq-cv-zzzzz", "--json");

    assertEquals(1, r.exit());
    assertEquals("Error: convoy 'hq-cv-zzzzz' not found\n", r.stderr());
  }
}
