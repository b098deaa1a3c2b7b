package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gastown.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/crd-reference.md against the CRDs: every property of every kind is documented (its spec and
 * status tables name each top-level field; nested fields appear in the kind's section, condition
 * fields in the Conditions table), no table names a field the CRD lacks, and the kinds table shows
 * each CRD's scope, plural, short names and printer columns. A field added to a CRD without its
 * line in the reference, or removed from the CRD but not from the reference, fails here.
 */
class CrdReferenceDocTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final String DOC_PATH = "docs/crd-reference.md";

  static Stream<Crd> kinds() {
    return Stream.of(Crd.rig(), Crd.polecat(), Crd.convoy());
  }

  static String doc() throws IOException {
    return Files.readString(RepoPaths.resolve(DOC_PATH));
  }

  /**
   * The text from {@code heading} (a whole line) to the next heading of the same or a higher level.
   */
  static String section(String text, String heading) {
    int level = heading.indexOf(' ');
    int start = text.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, DOC_PATH + " has no heading '" + heading + "'");
    int from = start + heading.length() + 2;
    int end = text.length();
    for (int l = 1; l <= level; l++) {
      int next = text.indexOf("\n" + "#".repeat(l) + " ", from);
      if (next >= 0 && next < end) {
        end = next;
      }
    }
    return text.substring(from, end);
  }

  /** The names in backticks in the first cell of each table row (after the header rows). */
  static Set<String> firstColumnNames(String section) {
    Set<String> names = new TreeSet<>();
    for (String line : section.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String cell = line.split("\\|")[1];
      Matcher m = CODE.matcher(cell);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  static Set<String> properties(JsonNode schema) {
    Set<String> names = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(names::add);
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theSpecAndStatusTablesNameExactlyTheFieldsOfTheCrd(Crd crd) throws IOException {
    assertEquals(List.of(), differences(doc(), crd));
  }

  @Test
  void aFieldMissingFromTheReferenceOrOnlyInItIsCaught() throws IOException {
    String withoutBranch = doc().replaceFirst("\n\\| `branch` \\|[^\n]*", "");
    assertEquals(
        List.of("Rig.spec: missing from the reference: [branch]"),
        differences(withoutBranch, Crd.rig()));
    String withStale =
        doc().replaceFirst("\n\\| `branch` \\|", "\n| `colour` | string |\n| `branch` |");
    assertEquals(
        List.of("Rig.spec: in the reference, not in the CRD: [colour]"),
        differences(withStale, Crd.rig()));
  }

  /** What the spec and status tables of {@code crd}'s section get wrong, one entry per table. */
  static List<String> differences(String text, Crd crd) {
    String kind = section(text, "## " + crd.kind());
    List<String> out = new ArrayList<>();
    for (String part : List.of("spec", "status")) {
      Set<String> documented = firstColumnNames(section(kind, "### " + part));
      Set<String> declared = properties(crd.openApiSchema().path("properties").path(part));
      Set<String> missing = new TreeSet<>(declared);
      missing.removeAll(documented);
      Set<String> stale = new TreeSet<>(documented);
      stale.removeAll(declared);
      String table = crd.kind() + "." + part + ": ";
      if (!missing.isEmpty()) {
        out.add(table + "missing from the reference: " + missing);
      }
      if (!stale.isEmpty()) {
        out.add(table + "in the reference, not in the CRD: " + stale);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyNestedFieldIsNamedInItsKindsSectionOrTheConditionsTable(Crd crd) throws IOException {
    String text = doc();
    String kind = section(text, "## " + crd.kind());
    Set<String> conditionFields = firstColumnNames(section(text, "### Conditions"));
    List<String> missing = new ArrayList<>();
    for (SchemaWalk.Node node : SchemaWalk.nodes(crd.openApiSchema())) {
      List<String> steps = Arrays.asList(node.path().replace("[]", "").split("\\."));
      boolean nested =
          steps.size() > 2 && (steps.get(0).equals("spec") || steps.get(0).equals("status"));
      if (!nested || node.path().endsWith("[]")) {
        continue;
      }
      String leaf = steps.get(steps.size() - 1);
      boolean documented =
          steps.get(1).equals("conditions")
              ? conditionFields.contains(leaf)
              : kind.contains("`" + leaf + "`");
      if (!documented) {
        missing.add(node.path());
      }
    }
    assertEquals(
        List.of(), missing, "nested fields of " + crd.kind() + " missing from " + DOC_PATH);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theKindsTableShowsScopePluralShortNamesAndPrinterColumns(Crd crd) throws IOException {
    String row =
        doc()
            .lines()
            .filter(l -> l.startsWith("| `" + crd.kind() + "` |"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(crd.kind() + " has no row in the kinds table"));
    String[] cells = row.split("\\|");
    JsonNode names = crd.definition().path("spec").path("names");
    assertEquals(crd.definition().path("spec").path("scope").asText(), cells[2].strip(), row);
    assertEquals("`" + names.path("plural").asText() + "`", cells[3].strip(), row);
    Set<String> shortNames = new LinkedHashSet<>();
    names.path("shortNames").forEach(n -> shortNames.add("`" + n.asText() + "`"));
    assertEquals(String.join(", ", shortNames), cells[4].strip(), row);
    List<String> columns = new ArrayList<>();
    crd.printerColumns().forEach(c -> columns.add(c.path("name").asText()));
    assertEquals(String.join(", ", columns), cells[6].strip(), row);
  }

  @Test
  void theAssumedAutomatonFieldsExistInTheTestCrd() throws IOException {
    String automaton = section(doc(), "## Automaton (olympus.io) — assumed fields");
    JsonNode schema = Crd.automaton().openApiSchema();
    List<String> unknown = new ArrayList<>();
    for (String path : firstColumnNames(automaton)) {
      if (!path.startsWith("spec.") && !path.startsWith("status.")) {
        continue; // the annotation row
      }
      if (SchemaWalk.select(schema, "." + path).isEmpty()) {
        unknown.add(path);
      }
    }
    assertEquals(List.of(), unknown, "documented Automaton fields the test CRD does not declare");
  }
}
