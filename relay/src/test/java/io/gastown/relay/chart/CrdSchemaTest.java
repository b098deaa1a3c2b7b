package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gastown.testkit.RepoPaths;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD schemas accept the documented examples and reject what crd-fields.md forbids, naming the
 * offending field. (The mock API server used elsewhere enforces no schema, so this is where the
 * schemas are proven.)
 */
class CrdSchemaTest {
  private static final CrSchema RIG = CrSchema.of(Crd.rig());
  private static final CrSchema POLECAT = CrSchema.of(Crd.polecat());
  private static final CrSchema CONVOY = CrSchema.of(Crd.convoy());
  private static final CrSchema AUTOMATON = CrSchema.of(Crd.automaton());

  static Stream<Arguments> documentedExamples() {
    return Stream.of(
        Arguments.of("docs/examples/rig.yaml", RIG),
        Arguments.of("docs/examples/polecat.yaml", POLECAT),
        Arguments.of("docs/examples/convoy.yaml", CONVOY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedExamples")
  void documentedExamplesAreValid(String file, CrSchema schema) {
    ObjectNode cr = Yamls.read(RepoPaths.resolve(file));
    assertEquals(Set.of(), schema.violations(cr), file + schema.explain(cr));
  }

  static Stream<Arguments> invalidRigs() {
    return Stream.of(
        invalid("Rig without gitURL", spec -> spec.remove("gitURL"), "$.spec.gitURL"),
        invalid(
            "Rig without beadsPrefix", spec -> spec.remove("beadsPrefix"), "$.spec.beadsPrefix"),
        invalid("beadsPrefix AB", spec -> spec.put("beadsPrefix", "AB"), "$.spec.beadsPrefix"),
        invalid(
            "beadsPrefix too long",
            spec -> spec.put("beadsPrefix", "toolongprefix1"),
            "$.spec.beadsPrefix"),
        invalid(
            "beadsPrefix of one letter",
            spec -> spec.put("beadsPrefix", "g"),
            "$.spec.beadsPrefix"),
        invalid("gitURL as option", spec -> spec.put("gitURL", "--upload-pack=x"), "$.spec.gitURL"),
        invalid("gitURL over http", spec -> spec.put("gitURL", "http://x/y.git"), "$.spec.gitURL"),
        invalid(
            "gitURL with a control character",
            spec -> spec.put("gitURL", "https://x/\u0001y.git"),
            "$.spec.gitURL"),
        invalid(
            "gitURL with a vertical tab",
            spec -> spec.put("gitURL", "https://x/y.git\u000B--upload-pack=x"),
            "$.spec.gitURL"),
        invalid(
            "rigName with a Cyrillic look-alike",
            spec -> spec.put("rigName", "g\u0430stown"),
            "$.spec.rigName"),
        invalid(
            "branch with a Cyrillic look-alike",
            spec -> spec.put("branch", "m\u0430in"),
            "$.spec.branch"),
        invalid("rigName too long", spec -> spec.put("rigName", "r".repeat(65)), "$.spec.rigName"),
        invalid(
            "gitURL with a space",
            spec -> spec.put("gitURL", "https://x/y.git --upload-pack=x"),
            "$.spec.gitURL"),
        invalid("rigName with a hyphen", spec -> spec.put("rigName", "my-rig"), "$.spec.rigName"),
        invalid("rigName with a dot", spec -> spec.put("rigName", "my.rig"), "$.spec.rigName"),
        invalid("branch as option", spec -> spec.put("branch", "-rf"), "$.spec.branch"),
        invalid("host with capitals", spec -> spec.put("host", "Laptop"), "$.spec.host"),
        invalid("relative localPath", spec -> spec.put("localPath", "rigs/x"), "$.spec.localPath"),
        invalid(
            "deletionPolicy Delete",
            spec -> spec.put("deletionPolicy", "Delete"),
            "$.spec.deletionPolicy"),
        invalid("misspelt field", spec -> spec.put("gitUrl", "https://x/y.git"), "$.spec.gitUrl"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRigs")
  void rejectsInvalidRigsNamingTheField(String what, Consumer<ObjectNode> edit, String field) {
    assertRejected(RIG, "docs/examples/rig.yaml", edit, field);
  }

  static Stream<Arguments> invalidPolecats() {
    return Stream.of(
        invalid("Polecat without rig", spec -> spec.remove("rig"), "$.spec.rig"),
        invalid("Polecat without beadID", spec -> spec.remove("beadID"), "$.spec.beadID"),
        invalid("beadID as option", spec -> spec.put("beadID", "--force"), "$.spec.beadID"),
        invalid("beadID as path escape", spec -> spec.put("beadID", "../x"), "$.spec.beadID"),
        invalid(
            "beadID with a newline", spec -> spec.put("beadID", "gt-abc12\nx"), "$.spec.beadID"),
        invalid("convoy id as beadID", spec -> spec.put("beadID", "hq-cv-abcde"), "$.spec.beadID"),
        invalid(
            "desiredState Sleeping",
            spec -> spec.put("desiredState", "Sleeping"),
            "$.spec.desiredState"),
        invalid("rig with underscore", spec -> spec.put("rig", "my_rig"), "$.spec.rig"),
        invalid(
            "beadID with a Cyrillic look-alike",
            spec -> spec.put("beadID", "go-\u0430bc12"),
            "$.spec.beadID"),
        invalid(
            "rig with a Cyrillic look-alike",
            spec -> spec.put("rig", "g\u0430stown"),
            "$.spec.rig"),
        invalid(
            "agent with a Cyrillic look-alike",
            spec -> spec.put("agent", "cl\u0430ude"),
            "$.spec.agent"),
        invalid("agent too long", spec -> spec.put("agent", "a".repeat(64)), "$.spec.agent"),
        invalid(
            "message with a terminal escape sequence",
            spec -> spec.put("message", "Hello\u001B[2J"),
            "$.spec.message"),
        invalid(
            "message with a carriage return",
            spec -> spec.put("message", "a\rb"),
            "$.spec.message"),
        invalid("subject with a tab", spec -> spec.put("subject", "a\tb"), "$.spec.subject"),
        invalid("baseBranch as option", spec -> spec.put("baseBranch", "-rf"), "$.spec.baseBranch"),
        invalid("agent as option", spec -> spec.put("agent", "--yolo"), "$.spec.agent"),
        invalid("subject with a newline", spec -> spec.put("subject", "a\nb"), "$.spec.subject"),
        invalid("subject too long", spec -> spec.put("subject", "s".repeat(257)), "$.spec.subject"),
        invalid(
            "message too long", spec -> spec.put("message", "m".repeat(4097)), "$.spec.message"),
        invalid("merge squash", spec -> spec.put("merge", "squash"), "$.spec.merge"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPolecats")
  void rejectsInvalidPolecatsNamingTheField(String what, Consumer<ObjectNode> edit, String field) {
    assertRejected(POLECAT, "docs/examples/polecat.yaml", edit, field);
  }

  static Stream<Arguments> invalidConvoys() {
    return Stream.of(
        invalid("empty trackedBeads", spec -> spec.putArray("trackedBeads"), "$.spec.trackedBeads"),
        invalid(
            "Convoy without description", spec -> spec.remove("description"), "$.spec.description"),
        invalid("empty description", spec -> spec.put("description", ""), "$.spec.description"),
        invalid(
            "description with a newline",
            spec -> spec.put("description", "a\nb"),
            "$.spec.description"),
        invalid(
            "tracked bead as option",
            spec -> spec.putArray("trackedBeads").add("gt-abc12").add("--force"),
            "$.spec.trackedBeads[1]"),
        invalid(
            "501 tracked beads",
            spec -> {
              ArrayNode beads = spec.putArray("trackedBeads");
              for (int i = 0; i < 501; i++) {
                beads.add(String.format("gt-b%04d", i));
              }
            },
            "$.spec.trackedBeads"),
        invalid("baseBranch as option", spec -> spec.put("baseBranch", "-rf"), "$.spec.baseBranch"),
        invalid("owner as option", spec -> spec.put("owner", "-x"), "$.spec.owner"),
        invalid("notify with a space", spec -> spec.put("notify", "a b"), "$.spec.notify"),
        invalid(
            "owner with a Cyrillic look-alike",
            spec -> spec.put("owner", "m\u0430yor/"),
            "$.spec.owner"),
        invalid(
            "host with a Cyrillic look-alike",
            spec -> spec.put("host", "l\u0430ptop"),
            "$.spec.host"),
        invalid(
            "tracked bead with a Cyrillic look-alike",
            spec -> spec.putArray("trackedBeads").add("go-\u0430bc12"),
            "$.spec.trackedBeads[0]"),
        invalid(
            "deletionPolicy Remove",
            spec -> spec.put("deletionPolicy", "Remove"),
            "$.spec.deletionPolicy"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConvoys")
  void rejectsInvalidConvoysNamingTheField(String what, Consumer<ObjectNode> edit, String field) {
    assertRejected(CONVOY, "docs/examples/convoy.yaml", edit, field);
  }

  @Test
  void acceptsBeadIdsOfEveryDocumentedShape() {
    for (String bead : new String[] {"gt-abc12", "hq-x1y", "gt-abc.1", "gt-abc12.1.22"}) {
      ObjectNode cr = edited("docs/examples/polecat.yaml", spec -> spec.put("beadID", bead));
      assertEquals(Set.of(), POLECAT.violations(cr), bead + POLECAT.explain(cr));
    }
  }

  @Test
  void acceptsAMessageOfSeveralLinesWithTabs() {
    ObjectNode cr =
        edited("docs/examples/polecat.yaml", spec -> spec.put("message", "One\n\tTwo\nThree"));
    assertEquals(Set.of(), POLECAT.violations(cr), POLECAT.explain(cr));
  }

  @Test
  void acceptsStatusAsTheRelayWritesIt() {
    ObjectNode cr = Yamls.read(RepoPaths.resolve("docs/examples/polecat.yaml"));
    ObjectNode status = cr.putObject("status");
    status.put("observedGeneration", 3).put("host", "laptop").put("phase", "Working");
    status
        .put("polecatName", "furiosa")
        .put("session", "gt-go-furiosa")
        .put("sessionRunning", true);
    status.put("branch", "polecat/furiosa").put("clonePath", "/home/u/gt/go/polecats/furiosa");
    status.put("lastActivity", "2025-01-02T03:04:05Z").put("beadID", "go-abc12");
    status.put("rigName", "gastown_operator");
    condition(status.putArray("conditions"), "Ready", "True");
    assertEquals(Set.of(), POLECAT.violations(cr), POLECAT.explain(cr));
  }

  @Test
  void rejectsConditionsWithoutAValidStatus() {
    ObjectNode cr = Yamls.read(RepoPaths.resolve("docs/examples/rig.yaml"));
    condition(cr.putObject("status").putArray("conditions"), "Ready", "Yes");
    assertTrue(RIG.violations(cr).contains("$.status.conditions[0].status"), RIG.explain(cr));
  }

  @Test
  void rejectsAStatusPhaseOutsideTheEnum() {
    ObjectNode cr = Yamls.read(RepoPaths.resolve("docs/examples/convoy.yaml"));
    cr.putObject("status").put("phase", "Running");
    assertEquals(Set.of("$.status.phase"), CONVOY.violations(cr));
  }

  @Test
  void automatonTestCrdKeepsTheOwnersOtherFields() {
    ObjectNode cr = automaton("local");
    ((ObjectNode) cr.path("spec")).put("ownerField", "kept");
    ((ObjectNode) cr.path("status")).put("ownerPhase", "Running");
    assertEquals(Set.of(), AUTOMATON.violations(cr), AUTOMATON.explain(cr));
  }

  @Test
  void automatonTestCrdRejectsAnUnknownExecutionMode() {
    assertEquals(Set.of("$.spec.executionMode"), AUTOMATON.violations(automaton("remote")));
  }

  private static ObjectNode automaton(String mode) {
    ObjectNode cr = JsonNodeFactory.instance.objectNode();
    cr.put("apiVersion", "olympus.io/v1alpha1").put("kind", "Automaton");
    cr.putObject("metadata").put("name", "a1").put("namespace", "default");
    ObjectNode spec =
        cr.putObject("spec").put("executionMode", mode).put("rig", "gastown-operator");
    spec.putObject("task").put("title", "Fix it").put("description", "Details");
    condition(cr.putObject("status").putArray("conditions"), "Accepted", "True");
    return cr;
  }

  private static void condition(ArrayNode conditions, String type, String status) {
    conditions
        .addObject()
        .put("type", type)
        .put("status", status)
        .put("reason", "Observed")
        .put("message", "seen in the town")
        .put("lastTransitionTime", "2025-01-02T03:04:05Z")
        .put("observedGeneration", 3);
  }

  private static Arguments invalid(String what, Consumer<ObjectNode> edit, String field) {
    return Arguments.of(what, edit, field);
  }

  private static void assertRejected(
      CrSchema schema, String example, Consumer<ObjectNode> edit, String field) {
    ObjectNode cr = edited(example, edit);
    assertEquals(Set.of(field), schema.violations(cr), schema.explain(cr));
  }

  private static ObjectNode edited(String example, Consumer<ObjectNode> edit) {
    ObjectNode cr = Yamls.read(RepoPaths.resolve(example));
    edit.accept((ObjectNode) cr.path("spec"));
    return cr;
  }
}
