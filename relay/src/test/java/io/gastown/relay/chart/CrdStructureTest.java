package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs are structural, explainable ({@code kubectl explain} has a description for every field),
 * name the agreed kinds and columns, and carry the CEL rules the design implies.
 */
class CrdStructureTest {
  /**
   * U+007F-U+009F, the soft hyphen, every format character (bidi controls, zero-width spaces and
   * joiners, word joiners, BOM, tags) listed where an older Unicode table might miss it and by
   * category, the line and paragraph separators, and private-use characters: what the agent
   * refuses.
   */
  private static final String FORMAT_CHARACTERS_RULE =
      "!self.matches('[\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e"
          + "\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb\\\\p{Cf}\\\\p{Co}]')";

  static Stream<Crd> crds() {
    return Crd.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyPropertyHasADescription(Crd crd) {
    List<String> undocumented = new ArrayList<>();
    if (crd.openApiSchema().path("description").asText().isBlank()) {
      undocumented.add("<root>");
    }
    for (SchemaWalk.Node node : SchemaWalk.nodes(crd.openApiSchema())) {
      if (node.schema().path("description").asText().isBlank()) {
        undocumented.add(node.path());
      }
    }
    assertEquals(List.of(), undocumented, crd.file());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyPropertyHasATypeAsStructuralSchemasRequire(Crd crd) {
    List<String> untyped = new ArrayList<>();
    for (SchemaWalk.Node node : SchemaWalk.nodes(crd.openApiSchema())) {
      if (!node.schema().hasNonNull("type")) {
        untyped.add(node.path());
      }
    }
    assertEquals(List.of(), untyped, crd.file());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void printerColumnsPointAtDeclaredPropertiesOfTheirType(Crd crd) {
    for (JsonNode column : crd.printerColumns()) {
      String path = column.path("jsonPath").asText();
      String type = column.path("type").asText();
      if (path.equals(".metadata.creationTimestamp")) {
        assertEquals("date", type, crd + " " + path);
        continue;
      }
      Optional<JsonNode> target = SchemaWalk.select(crd.openApiSchema(), path);
      assertTrue(target.isPresent(), crd + ": column " + path + " names no property");
      assertEquals(type, target.get().path("type").asText(), crd + ": type of column " + path);
    }
  }

  @Test
  void printerColumnsAreTheAgreedOnes() {
    assertEquals(
        List.of("Host", "Phase", "RigName", "Polecats", "Ready", "Age"), columnNames(Crd.rig()));
    assertEquals(
        List.of("Rig", "Bead", "Desired", "Phase", "Polecat", "Session", "Age"),
        columnNames(Crd.polecat()));
    assertEquals(List.of("ConvoyID", "Phase", "Progress", "Age"), columnNames(Crd.convoy()));
    assertEquals(
        ".status.conditions[?(@.type==\"Ready\")].status",
        Crd.rig().printerColumns().get(4).path("jsonPath").asText());
  }

  @Test
  void namesScopesAndCategoriesAreTheAgreedOnes() {
    assertNames(Crd.rig(), "Cluster", "rigs", "rig", "rig");
    assertNames(Crd.polecat(), "Namespaced", "polecats", "polecat", "pc");
    assertNames(Crd.convoy(), "Namespaced", "convoys", "convoy", "cv");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void servesOneVersionWithAStatusSubresource(Crd crd) {
    JsonNode versions = crd.definition().path("spec").path("versions");
    assertEquals(1, versions.size());
    assertEquals("v1alpha1", crd.version().path("name").asText());
    assertTrue(
        crd.version().path("served").asBoolean() && crd.version().path("storage").asBoolean());
    assertTrue(crd.version().path("subresources").path("status").isObject(), crd.file());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyCelRuleHasARuleAndAMessage(Crd crd) {
    for (Map.Entry<String, JsonNode> rule : celRules(crd)) {
      assertFalse(rule.getValue().path("rule").asText().isBlank(), crd + " " + rule.getKey());
      assertFalse(rule.getValue().path("message").asText().isBlank(), crd + " " + rule.getKey());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyFieldPathNamesADeclaredPropertyOfItsNode(Crd crd) {
    for (Map.Entry<String, JsonNode> rule : celRules(crd)) {
      String fieldPath = rule.getValue().path("fieldPath").asText("");
      if (!fieldPath.isEmpty()) {
        JsonNode node =
            rule.getKey().equals("<root>")
                ? crd.openApiSchema()
                : SchemaWalk.select(crd.openApiSchema(), "." + rule.getKey()).orElseThrow();
        assertTrue(
            SchemaWalk.select(node, fieldPath).isPresent(),
            crd + " " + rule.getKey() + ": fieldPath " + fieldPath);
      }
    }
  }

  @Test
  void freeTextRefusesInvisibleAndBidirectionalFormattingCharacters() {
    Map<Crd, List<String>> textFields =
        Map.of(
            Crd.rig(), List.of("spec.gitURL", "spec.localPath"),
            Crd.polecat(), List.of("spec.subject", "spec.message"),
            Crd.convoy(), List.of("spec.description"));
    textFields.forEach(
        (crd, fields) -> {
          for (String field : fields) {
            assertTrue(
                ruleTexts(crd, field).contains(FORMAT_CHARACTERS_RULE),
                crd + " " + field + " " + ruleTexts(crd, field));
          }
        });
  }

  @Test
  void polecatBeadAndRigAreImmutable() {
    List<String> immutable =
        celRules(Crd.polecat()).stream()
            .filter(r -> r.getValue().path("rule").asText().equals("self == oldSelf"))
            .map(Map.Entry::getKey)
            .toList();
    assertEquals(List.of("spec.rig", "spec.beadID"), immutable);
  }

  @Test
  void rigRulesForbidTheHqNameAndDotDotInBranches() {
    List<String> rules = ruleTexts(Crd.rig(), "spec");
    assertTrue(rules.stream().anyMatch(r -> r.contains("self.rigName != 'hq'")), rules::toString);
    assertTrue(
        rules.stream().anyMatch(r -> r.contains("!self.branch.contains('..')")), rules::toString);
  }

  @Test
  void rigNamesAreDnsLabelsSoPolecatsCanReferToThem() {
    List<String> rules = ruleTexts(Crd.rig(), "<root>");
    assertTrue(
        rules.stream().anyMatch(r -> r.contains("self.metadata.name.matches(")), rules::toString);
  }

  @Test
  void baseBranchRulesForbidDotDot() {
    for (Crd crd : List.of(Crd.polecat(), Crd.convoy())) {
      List<String> rules = ruleTexts(crd, "spec");
      assertTrue(
          rules.stream().anyMatch(r -> r.contains("!self.baseBranch.contains('..')")),
          crd + " " + rules);
    }
  }

  @Test
  void optionalDefaultsAreTheAgreedOnes() {
    assertEquals("Retain", property(Crd.rig(), "spec.deletionPolicy").path("default").asText());
    assertEquals("Retain", property(Crd.convoy(), "spec.deletionPolicy").path("default").asText());
    assertEquals("Working", property(Crd.polecat(), "spec.desiredState").path("default").asText());
  }

  private static JsonNode property(Crd crd, String path) {
    return SchemaWalk.select(crd.openApiSchema(), "." + path).orElseThrow();
  }

  private static List<Map.Entry<String, JsonNode>> celRules(Crd crd) {
    List<Map.Entry<String, JsonNode>> rules = new ArrayList<>();
    List<SchemaWalk.Node> nodes = new ArrayList<>();
    nodes.add(new SchemaWalk.Node("<root>", crd.openApiSchema()));
    nodes.addAll(SchemaWalk.nodes(crd.openApiSchema()));
    for (SchemaWalk.Node node : nodes) {
      node.schema()
          .path("x-kubernetes-validations")
          .forEach(r -> rules.add(Map.entry(node.path(), r)));
    }
    return rules;
  }

  private static List<String> ruleTexts(Crd crd, String path) {
    return celRules(crd).stream()
        .filter(r -> r.getKey().equals(path))
        .map(r -> r.getValue().path("rule").asText())
        .toList();
  }

  private static List<String> columnNames(Crd crd) {
    return crd.printerColumns().stream().map(c -> c.path("name").asText()).toList();
  }

  private static void assertNames(
      Crd crd, String scope, String plural, String singular, String shortName) {
    JsonNode spec = crd.definition().path("spec");
    JsonNode names = spec.path("names");
    assertEquals("gastown.gastown.io", spec.path("group").asText());
    assertEquals(scope, spec.path("scope").asText());
    assertEquals(plural, names.path("plural").asText());
    assertEquals(singular, names.path("singular").asText());
    assertEquals(crd.kind() + "List", names.path("listKind").asText());
    assertEquals(List.of(shortName), texts(names.path("shortNames")));
    assertEquals(List.of("gastown"), texts(names.path("categories")));
    assertEquals(
        plural + ".gastown.gastown.io", crd.definition().path("metadata").path("name").asText());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
