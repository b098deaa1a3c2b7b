package io.gastown.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** gt rig: validation, the list's JSON, parking and removal. */
class StandInRigTest extends TownTestBase {

  @Test
  void addRegistersTheRigWithItsDerivedPrefix() {
    town.addRig("gastown", "https://github.com/example/gastown.git");
    town.addRig("my_project", "git@github.com:example/mp.git");

    JsonNode rigs = json(town.gt("rig", "list", "--json"));

    assertEquals(2, rigs.size());
    assertEquals("gastown", rigs.get(0).get("name").asText());
    assertEquals("gt", rigs.get(0).get("beads_prefix").asText());
    assertEquals("mp", rigs.get(1).get("beads_prefix").asText());
    assertEquals("operational", rigs.get(0).get("status").asText());
    assertEquals("stopped", rigs.get(0).get("witness").asText());
    assertEquals(0, rigs.get(0).get("polecats").asInt());
    assertTrue(Files.isRegularFile(town.root().resolve("gastown/config.json")));
    assertTrue(Files.isDirectory(town.root().resolve("gastown/mayor/rig/.beads")));
  }

  @Test
  void addHonoursPrefixAndBranch() {
    CliResult r = town.gt("rig", "add", "web", "ssh://git@host/web.git", "--prefix", "wb");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(town.createBead("web", "Page").startsWith("wb-"));
  }

  @Test
  void addRejectsBadNamesAndUrls() {
    CliResult hyphen = town.gt("rig", "add", "my-proj", "https://x/y.git");
    CliResult reserved = town.gt("rig", "add", "hq", "https://x/y.git");
    CliResult path = town.gt("rig", "add", "local", "/tmp/repo");

    assertEquals(1, hyphen.exit());
    assertTrue(
        hyphen
            .stderr()
            .contains(
                "rig name \"my-proj\" contains invalid characters; hyphens, dots, spaces, and path"
                    + " separators are not allowed"),
        hyphen::toString);
    assertTrue(reserved.stderr().contains("rig name \"hq\" is reserved"), reserved::toString);
    assertTrue(path.stderr().startsWith("Error: invalid git URL \"/tmp/repo\""), path::toString);
  }

  @Test
  void addingTheSameRigTwiceFails() {
    town.addRig("gastown", "https://github.com/example/gastown.git");

    CliResult r = town.gt("rig", "add", "gastown", "https://github.com/example/gastown.git");

    assertEquals(1, r.exit());
    assertEquals("Error: adding rig: rig already exists\n", r.stderr());
  }

  @Test
  void aParkedRigRefusesSlings() {
    String bead = rigWithBead();
    assertEquals(0, town.gt("rig", "park", "gastown").exit());

    CliResult r = town.gt("sling", bead, "gastown");

    assertEquals(1, r.exit());
    assertTrue(r.stderr().startsWith("Error: cannot sling to parked rig \"gastown\""), r::toString);
    assertEquals("parked", json(town.gt("rig", "list", "--json")).get(0).get("status").asText());
  }

  @Test
  void startRecordsWitnessAndRefineryAsRunning() {
    town.addRig("gastown", "https://github.com/example/gastown.git");

    assertEquals(0, town.gt("rig", "start", "gastown").exit());

    JsonNode rig = json(town.gt("rig", "list", "--json")).get(0);
    assertEquals("running", rig.get("witness").asText());
    assertEquals("running", rig.get("refinery").asText());
  }

  @Test
  void removeRefusesRunningSessionsUnlessForced() {
    String bead = rigWithBead();
    town.gt("sling", bead, "gastown");

    CliResult refused = town.gt("rig", "remove", "gastown");
    CliResult forced = town.gt("rig", "remove", "gastown", "-f");

    assertEquals("Error: refusing to remove rig with running sessions\n", refused.stderr());
    assertEquals(0, forced.exit(), forced::toString);
    assertTrue(town.sessions().isEmpty());
    assertTrue(town.gt("rig", "list", "--json").stdout().startsWith("No rigs configured."));
    assertTrue(Files.isDirectory(town.root().resolve("gastown")), "files are kept");
  }

  @Test
  void unknownRigIsReported() {
    CliResult r = town.gt("rig", "remove", "nope");

    assertEquals(1, r.exit());
    assertEquals("Error: removing rig: rig 'nope' not found\n", r.stderr());
  }
}
