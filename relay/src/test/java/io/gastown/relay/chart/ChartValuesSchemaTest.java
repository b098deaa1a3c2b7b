package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * values.schema.json types and describes every value of values.yaml, refuses unknown keys, and Helm
 * (helm-java) refuses to render values of the wrong type, naming the value.
 */
class ChartValuesSchemaTest {
  private static final JsonNode SCHEMA = schema();
  private static final JsonNode VALUES =
      Yamls.read(RenderedChart.chartDir().resolve("values.yaml"));

  @Test
  void everyValueHasATypeAndADescription() {
    List<String> untyped = new ArrayList<>();
    List<String> undescribed = new ArrayList<>();
    for (ValuesSchema.Node node : ValuesSchema.nodes(SCHEMA)) {
      if (!node.schema().has("type")) {
        untyped.add(node.path());
      }
      if (node.schema().path("description").asText().isBlank()) {
        undescribed.add(node.path());
      }
    }
    assertEquals(List.of(), untyped);
    assertEquals(List.of(), undescribed);
    assertTrue(ValuesSchema.nodes(SCHEMA).size() > 100, "the walk finds the schema's values");
  }

  @Test
  void valuesYamlAndTheSchemaNameTheSameKeys() {
    Set<String> inSchema = new TreeSet<>(ValuesSchema.declaredKeys(SCHEMA));
    inSchema.remove("global"); // passed by a parent chart, never set in this chart's values
    assertEquals(inSchema, new TreeSet<>(ValuesSchema.keysOf(VALUES, SCHEMA)));
  }

  @Test
  void everyObjectWithDeclaredPropertiesRefusesUnknownKeys() {
    List<String> open = new ArrayList<>();
    for (ValuesSchema.Node node : ValuesSchema.nodes(SCHEMA)) {
      JsonNode schema = node.schema();
      boolean closed =
          schema.path("additionalProperties").isBoolean()
              && !schema.path("additionalProperties").asBoolean();
      boolean envVarOrSecretRef = node.path().endsWith("[]");
      if (schema.has("properties") && !closed && !envVarOrSecretRef) {
        open.add(node.path());
      }
    }
    assertEquals(List.of(), open);
    assertFalse(SCHEMA.path("additionalProperties").asBoolean(true), "the root refuses typos too");
  }

  @Test
  void theDefaultsAndEveryExampleAreValidAgainstTheSchema() throws IOException {
    var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(SCHEMA);
    assertEquals(Set.of(), schema.validate(VALUES));
    for (Path example : ChartExamples.files()) {
      JsonNode merged = VALUES.deepCopy();
      ChartCopy.merge((ObjectNode) merged, Yamls.read(example));
      assertEquals(Set.of(), schema.validate(merged), example.toString());
    }
  }

  static Stream<Path> invalidValues() throws IOException, URISyntaxException {
    Path dir = Path.of(ChartValuesSchemaTest.class.getResource("/chart/invalid-values").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValues")
  void helmRefusesAValueOfTheWrongTypeNamingIt(Path file) throws IOException {
    String expected = Files.readAllLines(file).get(0).replace("# the error names: ", "");
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class, () -> RenderedChart.render(List.of(file), Map.of()));
    assertTrue(
        error.getMessage().contains("values don't meet the specifications"), error::getMessage);
    assertTrue(error.getMessage().contains(expected), error::getMessage);
  }

  @Test
  void helmRefusesWrongTypesGivenWithSet() {
    Map<String, String> wrong =
        Map.of(
            "replicaCount", "two",
            "service.port", "99999",
            "tls.certManager.enabled", "yes",
            "networkPolicy.enabled", "no");
    wrong.forEach(
        (key, value) -> {
          IllegalStateException error =
              assertThrows(
                  IllegalStateException.class, () -> RenderedChart.render(Map.of(key, value)));
          assertTrue(
              error.getMessage().contains("at '/" + key.replace('.', '/') + "'"),
              error::getMessage);
        });
  }

  private static JsonNode schema() {
    try {
      return new ObjectMapper()
          .readTree(RenderedChart.chartDir().resolve("values.schema.json").toFile());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
