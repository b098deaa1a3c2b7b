package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs' {@code matches} rules stay far inside the API server's CEL cost budget, estimated as
 * Kubernetes does at CRD install: a string field is {@code 4 × maxLength} bytes, and {@code
 * s.matches(re)} costs {@code ⌈size(s) × 0.25⌉ × ⌈size(re) × 0.25⌉}. A rule over {@value
 * #PER_RULE_LIMIT} per evaluation (the runtime limit of one call) would be refused or could fail at
 * run time; every string with such a rule must have a maxLength, or the estimate is the whole
 * request size (3 MiB) and the CRD is refused.
 */
class CrdCelCostTest {
  static final long PER_RULE_LIMIT = 1_000_000;
  private static final Pattern MATCHES =
      Pattern.compile("self\\.matches\\('((?:[^'\\\\]|\\\\.)*)'\\)");

  /** The chart's CRDs (not the test-only Automaton CRD). */
  static Stream<Crd> crds() {
    return Stream.of(Crd.rig(), Crd.polecat(), Crd.convoy());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyMatchesRuleOnAStringIsBoundedAndCheap(Crd crd) {
    List<String> tooCostly = new ArrayList<>();
    int estimated = 0;
    for (SchemaWalk.Node node : SchemaWalk.nodes(crd.openApiSchema())) {
      if (!node.schema().path("type").asText().equals("string")) {
        continue;
      }
      for (JsonNode rule : node.schema().path("x-kubernetes-validations")) {
        Matcher m = MATCHES.matcher(rule.path("rule").asText());
        while (m.find()) {
          assertTrue(
              node.schema().has("maxLength"), node.path() + ": a matches rule needs maxLength");
          long cost =
              estimate(node.schema().path("maxLength").asLong(), celStringLength(m.group(1)));
          estimated++;
          if (cost > PER_RULE_LIMIT / 10) {
            tooCostly.add(node.path() + " " + cost);
          }
        }
      }
    }
    assertTrue(estimated > 0, crd + ": no matches rule on a string");
    assertEquals(List.of(), tooCostly, "within a tenth of the limit, so a change has room");
  }

  @Test
  void theEstimateModelsKubernetesFormula() {
    // message: 4096 characters = 16,384 bytes → 4,096; a 33-character pattern → 9.
    assertEquals(4096 * 9, estimate(4096, 33));
    assertEquals(
        33,
        celStringLength(
            "[\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f"
                + "\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb\\\\p{Cf}\\\\p{Co}]"));
  }

  static long estimate(long maxLength, int patternLength) {
    return (long) Math.ceil(maxLength * 4 * 0.25) * (long) Math.ceil(patternLength * 0.25);
  }

  /**
   * The length of a CEL string literal's value: {@code \\uXXXX} is one character, {@code \\\\} one.
   */
  static int celStringLength(String literal) {
    int n = 0;
    for (int i = 0; i < literal.length(); i++) {
      if (literal.charAt(i) == '\\' && i + 1 < literal.length()) {
        char next = literal.charAt(i + 1);
        i += next == 'u' ? 5 : next == 'x' ? 3 : 1;
      }
      n++;
    }
    return n;
  }
}
