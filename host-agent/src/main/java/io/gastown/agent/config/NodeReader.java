package io.gastown.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads typed values from a YAML node, collecting problems that name the field's full path instead
 * of failing at the first.
 */
final class NodeReader {
  private final JsonNode node;
  private final String path;
  private final List<String> problems;

  NodeReader(JsonNode node, String path) {
    this(node, path, new ArrayList<>());
  }

  private NodeReader(JsonNode node, String path, List<String> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  List<String> problems() {
    return problems;
  }

  void problem(String field, String message) {
    problems.add(path + field + ": " + message);
  }

  void rejectUnknown(List<String> known) {
    if (!node.isObject()) {
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        problem(name, "unknown key (known: " + String.join(", ", known) + ")");
      }
    }
  }

  Optional<String> text(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isValueNode()) {
      problem(field, "must be a single value");
      return Optional.empty();
    }
    return Optional.of(v.asText());
  }

  Optional<Long> longValue(String field) {
    Optional<String> t = text(field);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(t.get().trim()));
    } catch (NumberFormatException e) {
      problem(field, "must be a whole number, got '" + t.get() + "'");
      return Optional.empty();
    }
  }

  Optional<Boolean> bool(String field) {
    Optional<String> t = text(field);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    String v = t.get().trim().toLowerCase();
    if (v.equals("true") || v.equals("false")) {
      return Optional.of(Boolean.parseBoolean(v));
    }
    problem(field, "must be true or false, got '" + t.get() + "'");
    return Optional.empty();
  }

  List<String> strings(String field) {
    JsonNode v = node.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      problem(field, "must be a list");
      return out;
    }
    for (JsonNode e : v) {
      out.add(e.asText());
    }
    return out;
  }

  NodeReader child(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return new NodeReader(JsonNodeFactory.instance.objectNode(), path + field + ".", problems);
    }
    if (!v.isObject()) {
      problem(field, "must be a mapping");
      return new NodeReader(JsonNodeFactory.instance.objectNode(), path + field + ".", problems);
    }
    return new NodeReader(v, path + field + ".", problems);
  }

  List<NodeReader> list(String field) {
    JsonNode v = node.get(field);
    List<NodeReader> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      problem(field, "must be a list");
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        problems.add(path + field + "[" + i + "]: must be a mapping");
        continue;
      }
      out.add(new NodeReader(v.get(i), path + field + "[" + i + "].", problems));
    }
    return out;
  }
}
