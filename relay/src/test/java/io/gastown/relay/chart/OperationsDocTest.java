package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gastown.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md says what the chart does: its values table names every value of values.yaml
 * with the schema's type and description and the real default, its recipes are the example values
 * files, and its links (to protocol.md's sections among others) lead somewhere.
 */
class OperationsDocTest {
  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| ([^|]+) \\| (.+?) \\| (.+) \\|$", Pattern.MULTILINE);
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final YAMLMapper YAML = new YAMLMapper();

  private static String doc;
  private static JsonNode schema;
  private static JsonNode values;

  @BeforeAll
  static void read() throws IOException {
    doc = Files.readString(RepoPaths.resolve("docs/operations.md"));
    schema =
        new ObjectMapper()
            .readTree(RenderedChart.chartDir().resolve("values.schema.json").toFile());
    values = Yamls.read(RenderedChart.chartDir().resolve("values.yaml"));
  }

  @Test
  void theValuesTableNamesEveryValueWithItsTypeDefaultAndMeaning() throws IOException {
    List<String> documented = new ArrayList<>();
    Matcher row = ROW.matcher(section("### Values"));
    while (row.find()) {
      String key = row.group(1);
      documented.add(key);
      JsonNode declared = ValuesSchema.at(schema, key);
      assertEquals(typeOf(declared), row.group(2).strip(), key + ": type");
      assertEquals(declared.path("description").asText(), row.group(4).strip(), key + ": meaning");
      JsonNode actual = valueAt(key);
      String cell = row.group(3).strip();
      if (cell.equals("see values.yaml")) {
        assertTrue(actual.isObject() && !actual.isEmpty(), key + ": a non-empty object");
      } else {
        assertTrue(cell.startsWith("`") && cell.endsWith("`"), key + ": default in backticks");
        JsonNode written = YAML.readTree(cell.substring(1, cell.length() - 1));
        assertEquals(actual, written, key + ": default");
      }
    }
    List<String> leaves =
        ValuesSchema.leaves(schema).stream()
            .map(ValuesSchema.Node::path)
            .filter(p -> !p.equals("global"))
            .toList();
    assertEquals(leaves, documented);
  }

  @Test
  void theRecipesAreTheExampleValuesFiles() {
    Set<String> listed = new TreeSet<>();
    Matcher link = LINK.matcher(section("### Recipes"));
    while (link.find()) {
      String target = link.group(1);
      assertTrue(target.startsWith("../helm/gastown-relay/examples/"), target);
      listed.add(target.substring(target.lastIndexOf('/') + 1));
    }
    Set<String> files = new TreeSet<>();
    ChartExamples.files().forEach(f -> files.add(f.getFileName().toString()));
    assertEquals(files, listed);
  }

  @Test
  void linksLeadToFilesAndToHeadingsOfTheLinkedDocs() throws IOException {
    Path docs = RepoPaths.resolve("docs");
    Matcher link = LINK.matcher(doc);
    int checked = 0;
    while (link.find()) {
      String target = link.group(1);
      if (target.startsWith("http")) {
        continue;
      }
      String[] parts = target.split("#", 2);
      Path file = docs.resolve(parts[0]).normalize();
      assertTrue(Files.exists(file), target);
      if (parts.length == 2) {
        assertTrue(parts[0].endsWith(".md"), target + ": an anchor into a Markdown file");
        Set<String> anchors = new TreeSet<>();
        Files.readString(file)
            .lines()
            .filter(l -> l.startsWith("#"))
            .forEach(l -> anchors.add(slug(l)));
        assertTrue(anchors.contains(parts[1]), target + " names no heading of " + parts[0]);
      }
      checked++;
    }
    assertTrue(checked >= 10, "links found: " + checked);
    assertTrue(doc.contains("(protocol.md#fencing)"), "the HA section links the relay's fencing");
  }

  @Test
  void theDocumentedRequirementsMatchTheChart() {
    assertTrue(doc.contains("Kubernetes 1.28 or later"));
    assertFalse(doc.contains("TODO"));
  }

  /** GitHub's anchor of a Markdown heading. */
  static String slug(String heading) {
    String text = heading.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
    return text.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }

  private static String section(String heading) {
    int start = doc.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, "no section " + heading);
    int end = doc.indexOf("\n### ", start + heading.length() + 2);
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  private static JsonNode valueAt(String key) {
    JsonNode node = values;
    for (String part : key.split("\\.")) {
      node = node.path(part);
    }
    assertFalse(node.isMissingNode(), key + " is not in values.yaml");
    return node;
  }

  private static String typeOf(JsonNode declared) {
    JsonNode type = declared.path("type");
    if (!type.isArray()) {
      return type.asText();
    }
    List<String> types = new ArrayList<>();
    type.forEach(t -> types.add(t.asText()));
    return String.join(" or ", types);
  }
}
