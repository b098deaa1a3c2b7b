package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Walks an OpenAPI v3 schema: every named property and array item, with its path. */
final class SchemaWalk {
  /** A schema node and where it sits, e.g. {@code spec.trackedBeads[]}. */
  record Node(String path, JsonNode schema) {}

  private SchemaWalk() {}

  /** Every property and array item below the root, depth first. */
  static List<Node> nodes(JsonNode root) {
    List<Node> nodes = new ArrayList<>();
    collect("", root, nodes);
    return nodes;
  }

  private static void collect(String path, JsonNode schema, List<Node> out) {
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      String child = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
      out.add(new Node(child, p.getValue()));
      collect(child, p.getValue(), out);
    }
    if (schema.has("items")) {
      String child = path + "[]";
      out.add(new Node(child, schema.get("items")));
      collect(child, schema.get("items"), out);
    }
  }

  /**
   * The schema a printer column's JSONPath selects, e.g. {@code
   * .status.conditions[?(@.type=="Ready")].status} selects the {@code status} of an item of {@code
   * status.conditions}. Empty when a step names no declared property.
   */
  static Optional<JsonNode> select(JsonNode root, String jsonPath) {
    String steps = jsonPath.replaceAll("\\[\\?\\([^]]*\\)]", ".[]").replace("[*]", ".[]");
    JsonNode at = root;
    for (String step : steps.substring(1).split("\\.")) {
      at = step.equals("[]") ? at.get("items") : at.path("properties").get(step);
      if (at == null) {
        return Optional.empty();
      }
    }
    return Optional.of(at);
  }
}
