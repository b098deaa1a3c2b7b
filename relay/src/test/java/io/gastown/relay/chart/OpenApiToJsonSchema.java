package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Turns a CRD's OpenAPI v3 schema into a JSON Schema (draft 2019-09) that judges a CR the way the
 * API server's schema validation does, for what the CRDs of this project use: types, required,
 * enum, pattern, min/max lengths, items and values.
 *
 * <p>Differences handled: {@code x-kubernetes-*} keys are dropped (CEL rules are checked
 * elsewhere); the integer formats {@code int32/int64} are dropped; objects that declare properties
 * reject unknown fields unless they preserve them, as the API server does with strict field
 * validation (kubectl's default), so a misspelt field in a sample fails instead of being pruned.
 */
final class OpenApiToJsonSchema {
  private static final Set<String> SUBSCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf");
  private static final Set<String> SUBSCHEMAS = Set.of("items", "not", "additionalProperties");

  private OpenApiToJsonSchema() {}

  static ObjectNode convert(JsonNode openApi) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : openApi.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.startsWith("x-kubernetes-") || isIntegerFormat(key, value)) {
        continue;
      }
      if (key.equals("properties")) {
        ObjectNode props = out.putObject("properties");
        value.properties().forEach(p -> props.set(p.getKey(), convert(p.getValue())));
      } else if (SUBSCHEMAS.contains(key) && value.isObject()) {
        out.set(key, convert(value));
      } else if (SUBSCHEMA_LISTS.contains(key)) {
        ArrayNode list = out.putArray(key);
        value.forEach(s -> list.add(convert(s)));
      } else {
        out.set(key, value.deepCopy());
      }
    }
    boolean preserves = openApi.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (openApi.has("properties") && !preserves && !openApi.has("additionalProperties")) {
      out.put("additionalProperties", false);
    }
    return out;
  }

  private static boolean isIntegerFormat(String key, JsonNode value) {
    return key.equals("format")
        && (value.asText().equals("int32") || value.asText().equals("int64"));
  }
}
