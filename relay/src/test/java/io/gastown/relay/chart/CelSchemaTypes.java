package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The CEL types the API server gives {@code self} at each node of a CRD's OpenAPI schema: strings,
 * integers, booleans and numbers as such; arrays as lists; objects with properties as structs whose
 * fields are exactly the declared properties (so a rule naming an undeclared field, or comparing a
 * field with a value of another type, fails to compile, as it fails when the CRD is applied); maps
 * from {@code additionalProperties}; anything else as {@code dyn}. At the root, {@code metadata}
 * offers only {@code name} and {@code generateName}, as on a real API server.
 *
 * <p>Node paths: {@code ""} is the root, {@code spec.rig} a property, {@code spec.trackedBeads[]}
 * the items of an array.
 */
final class CelSchemaTypes implements CelTypeProvider {
  private final Map<String, CelType> structs = new LinkedHashMap<>();
  private final Map<String, CelType> byPath = new HashMap<>();
  private final String kind;

  private CelSchemaTypes(String kind) {
    this.kind = kind;
  }

  static CelSchemaTypes of(String kind, JsonNode rootSchema) {
    CelSchemaTypes types = new CelSchemaTypes(kind);
    types.typeOf("", rootSchema);
    return types;
  }

  /** The type of {@code self} at a node path. */
  CelType at(String path) {
    CelType type = byPath.get(path);
    if (type == null) {
      throw new NoSuchElementException(kind + ": no schema node " + path);
    }
    return type;
  }

  private CelType typeOf(String path, JsonNode schema) {
    CelType type =
        schema.path("x-kubernetes-int-or-string").asBoolean(false)
            ? SimpleType.DYN
            : switch (schema.path("type").asText()) {
              case "string" -> SimpleType.STRING;
              case "integer" -> SimpleType.INT;
              case "number" -> SimpleType.DOUBLE;
              case "boolean" -> SimpleType.BOOL;
              case "array" -> ListType.create(typeOf(path + "[]", schema.path("items")));
              case "object" -> objectType(path, schema);
              default -> SimpleType.DYN;
            };
    byPath.put(path, type);
    return type;
  }

  private CelType objectType(String path, JsonNode schema) {
    if (schema.has("properties")) {
      Map<String, CelType> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
        String child = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
        boolean rootMetadata = child.equals("metadata");
        fields.put(p.getKey(), rootMetadata ? metadataType() : typeOf(child, p.getValue()));
      }
      return struct(path, fields);
    }
    if (schema.path("additionalProperties").isObject()) {
      return MapType.create(
          SimpleType.STRING, typeOf(path + "{}", schema.path("additionalProperties")));
    }
    return SimpleType.DYN;
  }

  private CelType metadataType() {
    CelType type =
        struct("metadata", Map.of("name", SimpleType.STRING, "generateName", SimpleType.STRING));
    byPath.put("metadata", type);
    return type;
  }

  private CelType struct(String path, Map<String, CelType> fields) {
    String name = "k8s." + kind + (path.isEmpty() ? "" : "." + path.replace("[]", "._item"));
    StructType type =
        StructType.create(
            name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(fields.get(f)));
    structs.put(name, type);
    return type;
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(structs.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(structs.get(typeName));
  }
}
