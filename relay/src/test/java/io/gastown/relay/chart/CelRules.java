package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code x-kubernetes-validations} rules of one CRD, compiled with CEL against the types of
 * their schema nodes ({@link CelSchemaTypes}) and judged the way the API server judges a create or
 * an update: a rule runs where its field is present; a transition rule (one naming {@code oldSelf})
 * only on update and only where the old object had the field. The embedded API stand-in of the
 * other tests enforces none of this, so this is where the rules are proven.
 *
 * <p>Not modelled: correlation of old and new items of map- and set-lists (no rule of these CRDs
 * sits inside a list), the cost budget (estimated apart: {@link CrdCelCostTest}), and {@code
 * messageExpression}.
 */
final class CelRules {
  /** One compiled rule: where it sits, what it says, and whether it compares with the old value. */
  record Rule(
      String path,
      String expression,
      String message,
      String fieldPath,
      boolean transition,
      CelRuntime.Program program) {}

  /** A refusal, naming the field as the API server does ({@code $.spec.branch}). */
  record Violation(String field, String message) {}

  private final Crd crd;
  private final CelSchemaTypes types;
  private final Map<String, List<Rule>> byPath = new LinkedHashMap<>();
  private final Map<String, Cel> environments = new HashMap<>();

  private CelRules(Crd crd) {
    this.crd = crd;
    this.types = CelSchemaTypes.of(crd.kind(), crd.openApiSchema());
  }

  /** Compiles every rule of the CRD; throws naming the rule when one does not compile. */
  static CelRules of(Crd crd) {
    CelRules rules = new CelRules(crd);
    List<SchemaWalk.Node> nodes = new ArrayList<>();
    nodes.add(new SchemaWalk.Node("", crd.openApiSchema()));
    nodes.addAll(SchemaWalk.nodes(crd.openApiSchema()));
    for (SchemaWalk.Node node : nodes) {
      for (JsonNode rule : node.schema().path("x-kubernetes-validations")) {
        rules
            .byPath
            .computeIfAbsent(node.path(), p -> new ArrayList<>())
            .add(rules.rule(node, rule));
      }
    }
    return rules;
  }

  @Override
  public String toString() {
    return crd.kind();
  }

  List<Rule> rules() {
    return byPath.values().stream().flatMap(List::stream).toList();
  }

  /**
   * Compiles an expression with {@code self} and {@code oldSelf} typed as at {@code path}; throws
   * when it would not compile on an API server either.
   */
  CelAbstractSyntaxTree compile(String path, String expression) throws CelValidationException {
    return environment(path).compile(expression).getAst();
  }

  /** What the API server refuses when the resource is created. */
  List<Violation> onCreate(JsonNode cr) {
    return onUpdate(cr, MissingNode.getInstance());
  }

  /** What the API server refuses when {@code old} is updated to {@code cr}. */
  List<Violation> onUpdate(JsonNode cr, JsonNode old) {
    List<Violation> out = new ArrayList<>();
    judge("", "$", crd.openApiSchema(), cr, old, out);
    return out;
  }

  private Rule rule(SchemaWalk.Node node, JsonNode rule) {
    String expression = rule.path("rule").asText();
    try {
      CelAbstractSyntaxTree ast = compile(node.path(), expression);
      return new Rule(
          node.path(),
          expression,
          rule.path("message").asText(),
          rule.path("fieldPath").asText(""),
          expression.contains("oldSelf"),
          environment(node.path()).createProgram(ast));
    } catch (Exception e) {
      throw new IllegalStateException(
          crd.file() + ": rule at " + node.path() + " does not compile: " + e.getMessage(), e);
    }
  }

  private Cel environment(String path) {
    return environments.computeIfAbsent(
        path,
        p ->
            CelFactory.standardCelBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(types)
                .addVar("self", types.at(p))
                .addVar("oldSelf", types.at(p))
                // Kubernetes offers the strings extension library to every rule.
                .addCompilerLibraries(CelExtensions.strings())
                .addRuntimeLibraries(CelExtensions.strings())
                .setResultType(SimpleType.BOOL)
                .build());
  }

  private void judge(
      String path, String at, JsonNode schema, JsonNode value, JsonNode old, List<Violation> out) {
    for (Rule rule : byPath.getOrDefault(path, List.of())) {
      if (rule.transition() && (old.isMissingNode() || old.isNull())) {
        continue;
      }
      evaluate(rule, at, value, old).ifPresent(out::add);
    }
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      JsonNode child = value.path(p.getKey());
      if (!child.isMissingNode() && !child.isNull()) {
        String childPath = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
        judge(childPath, at + "." + p.getKey(), p.getValue(), child, old.path(p.getKey()), out);
      }
    }
    if (schema.has("items") && value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        JsonNode none = MissingNode.getInstance();
        judge(path + "[]", at + "[" + i + "]", schema.get("items"), value.get(i), none, out);
      }
    }
  }

  private Optional<Violation> evaluate(Rule rule, String at, JsonNode value, JsonNode old) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", CelValues.of(value));
    if (!old.isMissingNode()) {
      vars.put("oldSelf", CelValues.of(old));
    }
    String field = at + rule.fieldPath();
    try {
      Object result = rule.program().eval(vars);
      return Boolean.TRUE.equals(result)
          ? Optional.empty()
          : Optional.of(new Violation(field, rule.message()));
    } catch (CelEvaluationException e) {
      // The API server refuses the object too, but a rule that errors is a bug in the rule.
      return Optional.of(
          new Violation(field, "evaluation error of '" + rule.expression() + "': " + e));
    }
  }
}
