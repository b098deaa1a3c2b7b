package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Walks the chart's values.schema.json and values.yaml by dotted key paths. */
final class ValuesSchema {
  /** A schema node and its key path, e.g. {@code tls.certManager.issuerRef.name}. */
  record Node(String path, JsonNode schema) {}

  private ValuesSchema() {}

  /** Every declared property and array item below the root, depth first. */
  static List<Node> nodes(JsonNode schema) {
    List<Node> out = new ArrayList<>();
    collect("", schema, out, true);
    return out;
  }

  /** The dotted paths of the declared properties (items left out), e.g. {@code image.tag}. */
  static List<String> declaredKeys(JsonNode schema) {
    List<Node> out = new ArrayList<>();
    collect("", schema, out, false);
    return out.stream().map(Node::path).toList();
  }

  /**
   * The declared keys whose value is not an object of declared properties: the values a user sets.
   */
  static List<Node> leaves(JsonNode schema) {
    List<Node> out = new ArrayList<>();
    collect("", schema, out, false);
    return out.stream().filter(n -> !n.schema().has("properties")).toList();
  }

  /**
   * The dotted paths of the keys of a values tree, descending only where the schema declares
   * properties (free-form maps such as annotations count as one value).
   */
  static List<String> keysOf(JsonNode values, JsonNode schema) {
    List<String> out = new ArrayList<>();
    keys("", values, schema, out);
    return out;
  }

  /** The schema of a dotted key path. */
  static JsonNode at(JsonNode schema, String path) {
    JsonNode node = schema;
    for (String key : path.split("\\.")) {
      node = node.path("properties").path(key);
    }
    return node;
  }

  private static void keys(String prefix, JsonNode values, JsonNode schema, List<String> out) {
    for (Map.Entry<String, JsonNode> field : values.properties()) {
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      out.add(path);
      JsonNode child = schema.path("properties").path(field.getKey());
      if (child.has("properties") && field.getValue().isObject()) {
        keys(path, field.getValue(), child, out);
      }
    }
  }

  private static void collect(String prefix, JsonNode schema, List<Node> out, boolean items) {
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      String path = prefix.isEmpty() ? p.getKey() : prefix + "." + p.getKey();
      out.add(new Node(path, p.getValue()));
      collect(path, p.getValue(), out, items);
    }
    if (items && schema.path("items").isObject()) {
      String path = prefix + "[]";
      out.add(new Node(path, schema.get("items")));
      collect(path, schema.get("items"), out, true);
    }
  }
}
