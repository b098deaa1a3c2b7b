package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gastown.testkit.HostileSpecs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other half of "the same rules in two places": the shared hostile corpus (testkit
 * hostile-specs.json, which the host agent refuses whole: SpecValidatorCorpusTest,
 * AdversarialSpecsIT) against the CRDs' OpenAPI schema (patterns in the API server's RE2 dialect)
 * and CEL rules, as a real API server would apply them. The CRDs refuse every option, '..'
 * traversal, control, format (bidi, zero-width, joiner), line-separator or private-use character,
 * look-alike letter in an identifier or a git URL, and oversized value of the corpus; the agent is
 * stricter still (shell metacharacters in URLs and paths, git transport tricks), which this test
 * pins down, so that a loosened CRD rule shows up here. There are no known gaps: a hostile value
 * the CRDs let through for any other kind of threat fails the test.
 */
class CrdHostileCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, CrSchema> SCHEMAS =
      Map.of(
          "Rig", CrSchema.of(Crd.rig()),
          "Polecat", CrSchema.of(Crd.polecat()),
          "Convoy", CrSchema.of(Crd.convoy()));
  private static final Map<String, CelRules> RULES =
      Map.of(
          "Rig", CelRules.of(Crd.rig()),
          "Polecat", CelRules.of(Crd.polecat()),
          "Convoy", CelRules.of(Crd.convoy()));

  /**
   * Kinds of hostile value only the agent refuses, by design: shell metacharacters where the CRD
   * allows any printable text, and git's remote-helper and ssh-option tricks. Look-alike letters
   * are not among them: every identifier and git URL of the CRDs is ASCII.
   */
  private static final Set<String> AGENT_ONLY_THREATS =
      Set.of(
          "shell metacharacters",
          "git remote helper transports",
          "ssh option injection through the host");

  @Test
  void theBaseCrsAreValid() {
    for (String kind : List.of("Rig", "Polecat", "Convoy")) {
      ObjectNode cr = base(kind);
      assertEquals(Set.of(), SCHEMAS.get(kind).violations(cr), kind);
      assertEquals(List.of(), RULES.get(kind).onCreate(cr), kind);
    }
  }

  @Test
  void whatTheCrdsLetThroughIsOnlyWhatTheAgentAloneIsMeantToRefuse() {
    Set<String> unexplained = new TreeSet<>();
    for (HostileSpecs.Entry e : HostileSpecs.all()) {
      if (!refused(e) && !AGENT_ONLY_THREATS.contains(e.threat())) {
        unexplained.add(
            e.kind()
                + " "
                + e.field()
                + ": "
                + HostileSpecs.printable(e.value())
                + " ["
                + e.threat()
                + "]");
      }
    }
    assertEquals(Set.of(), unexplained, "the CRDs let these through: tighten a rule");
  }

  /**
   * The gaps this suite once listed, each closed by a named rule; a value is refused by that rule
   * (the schema's pattern, or the CEL rule with that message), not by chance elsewhere.
   */
  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("formerGaps")
  void formerGapsAreRefusedByTheRuleMeantForThem(
      String kind, String field, String value, String refusedBy) {
    ObjectNode cr = base(kind);
    ((ObjectNode) cr.get("spec")).put(field, value);
    Set<String> schema = SCHEMAS.get(kind).violations(cr);
    List<String> cel =
        RULES.get(kind).onCreate(cr).stream().map(CelRules.Violation::message).toList();
    if (refusedBy.equals("pattern")) {
      assertEquals(Set.of("$.spec." + field), schema, SCHEMAS.get(kind).explain(cr));
    } else {
      assertEquals(List.of(refusedBy), cel, kind + " " + field);
    }
  }

  static Stream<Arguments> formerGaps() {
    String invisible =
        " must not contain control characters or invisible or bidirectional formatting characters"
            + " (such as U+202E or U+200B)";
    return Stream.of(
        // ASCII only, like the agent's: a no-break space or a look-alike letter is no URL.
        Arguments.of("Rig", "gitURL", "https://example.com/r.git\u00A0", "pattern"),
        Arguments.of("Rig", "gitURL", "https://g\u0456thub.com/org/repo.git", "pattern"),
        Arguments.of(
            "Rig",
            "gitURL",
            "https://example.com/../../etc/passwd",
            "gitURL must not contain '..' path segments"),
        Arguments.of(
            "Rig",
            "gitURL",
            "file:///../../etc/shadow",
            "gitURL must not contain '..' path segments"),
        Arguments.of(
            "Rig", "gitURL", "file:///srv/git/..", "gitURL must not contain '..' path segments"),
        Arguments.of(
            "Rig",
            "gitURL",
            "git@example.com:../other/repo.git",
            "gitURL must not contain '..' path segments"),
        // RE2's $ is the end of the text; Java's would also match before a final newline.
        Arguments.of("Polecat", "beadID", "gt-abc12\n", "pattern"),
        Arguments.of("Polecat", "agent", "claude\n", "pattern"),
        Arguments.of("Polecat", "subject", "--force", "subject must not start with '-'"),
        Arguments.of("Polecat", "subject", "-rf everything", "subject must not start with '-'"),
        Arguments.of("Polecat", "message", "zwj\u200D", "message" + invisible),
        Arguments.of("Polecat", "message", "zwnj\u200C", "message" + invisible),
        Arguments.of("Polecat", "subject", "soft\u00ADhyphen", "subject" + invisible),
        // Unicode tag characters spell hidden ASCII for a model to read ("ASCII smuggling").
        Arguments.of("Polecat", "message", "ok\uDB40\uDC69\uDB40\uDC67", "message" + invisible),
        Arguments.of("Convoy", "description", "private\uE000use", "description" + invisible));
  }

  @Test
  void legitimateValuesNearTheFormerGapsPass() {
    List<String[]> fine =
        List.of(
            new String[] {"Rig", "gitURL", "https://example.com/a..b/r.git"},
            new String[] {"Rig", "gitURL", "git@example.com:org/r...git"},
            new String[] {"Rig", "gitURL", "https://xn--gthub-2ve.com/org/repo.git"},
            new String[] {"Polecat", "subject", "Fix -rf handling"},
            new String[] {"Polecat", "subject", "Réparer le délai\u00A0!"},
            new String[] {"Polecat", "message", "- step one\n- step two\n"},
            new String[] {"Convoy", "description", "Pairing \uD83D\uDC4D sprint"});
    for (String[] v : fine) {
      ObjectNode cr = base(v[0]);
      ((ObjectNode) cr.get("spec")).put(v[1], v[2]);
      assertEquals(Set.of(), SCHEMAS.get(v[0]).violations(cr), v[1] + ": " + v[2]);
      assertEquals(List.of(), RULES.get(v[0]).onCreate(cr), v[1] + ": " + v[2]);
    }
  }

  @Test
  void theCrdsRefuseMostOfTheCorpusOnTheirOwn() {
    long refused = HostileSpecs.all().stream().filter(CrdHostileCorpusTest::refused).count();
    assertTrue(refused * 4 >= HostileSpecs.all().size() * 3, refused + " refused");
  }

  private static boolean refused(HostileSpecs.Entry e) {
    ObjectNode cr = base(e.kind());
    ObjectNode spec = (ObjectNode) cr.get("spec");
    if (e.field().equals("spec.trackedBeads")) {
      spec.putArray("trackedBeads").add(e.value());
    } else {
      spec.put(e.specProperty(), e.value());
    }
    return !SCHEMAS.get(e.kind()).violations(cr).isEmpty()
        || !RULES.get(e.kind()).onCreate(cr).isEmpty();
  }

  private static ObjectNode base(String kind) {
    ObjectNode cr = JSON.createObjectNode();
    cr.put("apiVersion", "gastown.gastown.io/v1alpha1");
    cr.put("kind", kind);
    ObjectNode meta = cr.putObject("metadata");
    meta.put("name", "hostile-base");
    ObjectNode spec = cr.putObject("spec");
    switch (kind) {
      case "Rig" -> {
        spec.put("gitURL", "https://example.com/org/repo.git");
        spec.put("beadsPrefix", "hs");
      }
      case "Polecat" -> {
        meta.put("namespace", "default");
        spec.put("rig", "hostile-target");
        spec.put("beadID", "hs-abc12");
        spec.put("subject", "A fine subject");
      }
      default -> {
        meta.put("namespace", "default");
        spec.put("description", "A fine convoy");
        spec.putArray("trackedBeads").add("hs-abc12");
        spec.put("rig", "hostile-target");
      }
    }
    return cr;
  }
}
