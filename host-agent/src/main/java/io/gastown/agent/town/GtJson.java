package io.gastown.agent.town;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads gt's JSON documents leniently: unknown fields are ignored, missing ones become defaults.
 */
final class GtJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GtJson() {}

  /** Parses {@code stdout}, or throws {@link GtOutputException} naming the command. */
  static JsonNode parse(String command, String stdout) {
    if (stdout.isBlank()) {
      throw new GtOutputException(command, "empty output where JSON was expected", stdout);
    }
    try {
      return MAPPER.readTree(stdout);
    } catch (JsonProcessingException e) {
      throw new GtOutputException(command, "not JSON", stdout);
    }
  }

  /** An array, where {@code null} means empty (gt's quirk for empty listings). */
  static JsonNode array(String command, String stdout) {
    JsonNode node = parse(command, stdout);
    if (node.isNull()) {
      return MAPPER.createArrayNode();
    }
    if (!node.isArray()) {
      throw new GtOutputException(command, "expected a JSON array", stdout);
    }
    for (JsonNode e : node) {
      if (!e.isObject()) {
        throw new GtOutputException(command, "expected an array of objects", stdout);
      }
    }
    return node;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /** A required string field: absent or empty is malformed output. */
  static String required(String command, JsonNode n, String field, String stdout) {
    String v = text(n, field);
    if (v.isEmpty()) {
      throw new GtOutputException(command, "an entry lacks '" + field + "'", stdout);
    }
    return v;
  }

  static int integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || !v.canConvertToInt() ? 0 : v.asInt();
  }

  static boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.asBoolean(false);
  }
}
