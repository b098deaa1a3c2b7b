package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.TreeSet;

/**
 * The schema of one CRD, ready to judge sample CRs; its patterns in the API server's RE2 dialect
 * ({@link Re2RegularExpressions}).
 */
final class CrSchema {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .pathType(PathType.LEGACY)
          .regularExpressionFactory(Re2RegularExpressions.INSTANCE)
          .formatAssertionsEnabled(true)
          .build();

  private final JsonSchema schema;

  private CrSchema(JsonSchema schema) {
    this.schema = schema;
  }

  static CrSchema of(Crd crd) {
    return new CrSchema(
        FACTORY.getSchema(OpenApiToJsonSchema.convert(crd.openApiSchema()), CONFIG));
  }

  /**
   * The fields a CR is rejected for, as paths like {@code $.spec.beadID}; a missing or unknown
   * field is named by its own path ({@code $.spec.gitURL}), not by its parent's.
   */
  Set<String> violations(JsonNode cr) {
    Set<String> fields = new TreeSet<>();
    for (ValidationMessage message : schema.validate(cr)) {
      String at = message.getInstanceLocation().toString();
      fields.add(message.getProperty() == null ? at : at + "." + message.getProperty());
    }
    return fields;
  }

  /** Every message, for assertion failures a human can read. */
  String explain(JsonNode cr) {
    StringBuilder text = new StringBuilder();
    schema.validate(cr).forEach(m -> text.append("\n  ").append(m.getMessage()));
    return text.toString();
  }
}
