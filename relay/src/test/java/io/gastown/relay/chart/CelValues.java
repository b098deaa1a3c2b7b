package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree as CEL values: strings, int64, double, bool, lists and maps. Objects become maps,
 * which the CEL runtime reads through the struct types the checker saw; null fields are left out,
 * as the API server drops them from non-nullable fields.
 */
final class CelValues {
  private CelValues() {}

  static Object of(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(of(item)));
      return list;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties()
          .forEach(
              field -> {
                if (!field.getValue().isNull()) {
                  map.put(field.getKey(), of(field.getValue()));
                }
              });
      return map;
    }
    throw new IllegalArgumentException("no CEL value for " + node.getNodeType());
  }
}
