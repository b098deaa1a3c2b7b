package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.CelValidationException;
import io.gastown.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code x-kubernetes-validations} rule of the CRDs, compiled with CEL against the type of
 * its schema node and evaluated on samples the API server must accept and refuse: immutable Polecat
 * bead and rig (with {@code oldSelf}), the reserved rig name, the branch and path rules, the Rig's
 * name, the convoy description, and the refusal of invisible and bidirectional formatting
 * characters in free text. A rule added to a CRD without a sample that trips it fails {@link
 * #everyRuleRefusesAtLeastOneSample()}.
 */
class CelRulesTest {
  private static final CelRules RIG = CelRules.of(Crd.rig());
  private static final CelRules POLECAT = CelRules.of(Crd.polecat());
  private static final CelRules CONVOY = CelRules.of(Crd.convoy());

  private static final String RIG_EXAMPLE = "docs/examples/rig.yaml";
  private static final String POLECAT_EXAMPLE = "docs/examples/polecat.yaml";
  private static final String CONVOY_EXAMPLE = "docs/examples/convoy.yaml";

  /** A sample CR: an example, edited; judged as a create, or as an update of the example. */
  record Sample(
      String name, CelRules rules, String example, Consumer<ObjectNode> edit, boolean update) {
    JsonNode edited() {
      ObjectNode cr = original();
      edit.accept(cr);
      return cr;
    }

    ObjectNode original() {
      return Yamls.read(RepoPaths.resolve(example));
    }

    List<CelRules.Violation> violations() {
      return update ? rules.onUpdate(edited(), original()) : rules.onCreate(edited());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A sample and the one field the API server must refuse it for. */
  record Refusal(Sample sample, String field) {
    @Override
    public String toString() {
      return sample.name();
    }
  }

  static Stream<Refusal> refused() {
    return Stream.of(
        // Rig
        refuse("Rig named with a dot", RIG, RIG_EXAMPLE, name("gastown.operator"), "$"),
        refuse("Rig named in capitals", RIG, RIG_EXAMPLE, name("Gastown"), "$"),
        refuse("Rig name of 64 characters", RIG, RIG_EXAMPLE, name("r".repeat(64)), "$"),
        refuse("rigName hq", RIG, RIG_EXAMPLE, spec("rigName", "hq"), "$.spec.rigName"),
        refuse("branch with ..", RIG, RIG_EXAMPLE, spec("branch", "a..b"), "$.spec.branch"),
        refuse("branch with //", RIG, RIG_EXAMPLE, spec("branch", "a//b"), "$.spec.branch"),
        refuse("branch ending in /", RIG, RIG_EXAMPLE, spec("branch", "main/"), "$.spec.branch"),
        refuse(
            "branch ending .lock", RIG, RIG_EXAMPLE, spec("branch", "main.lock"), "$.spec.branch"),
        refuse(
            "localPath /../", RIG, RIG_EXAMPLE, spec("localPath", "/a/../b"), "$.spec.localPath"),
        refuse(
            "localPath ending /..",
            RIG,
            RIG_EXAMPLE,
            spec("localPath", "/a/.."),
            "$.spec.localPath"),
        refuse(
            "localPath with a right-to-left override",
            RIG,
            RIG_EXAMPLE,
            spec("localPath", "/home/u/gt/\u202Egnp.exe"),
            "$.spec.localPath"),
        refuse(
            "gitURL with a zero-width space",
            RIG,
            RIG_EXAMPLE,
            spec("gitURL", "https://github.com/example/\u200Bgastown.git"),
            "$.spec.gitURL"),
        refuse(
            "gitURL with a .. segment",
            RIG,
            RIG_EXAMPLE,
            spec("gitURL", "https://example.com/org/../../etc/passwd"),
            "$.spec.gitURL"),
        refuse(
            "gitURL ending in /..",
            RIG,
            RIG_EXAMPLE,
            spec("gitURL", "file:///srv/git/.."),
            "$.spec.gitURL"),
        refuse(
            "gitURL with a byte-order mark",
            RIG,
            RIG_EXAMPLE,
            spec("gitURL", "https://github.com/\uFEFFexample/x.git"),
            "$.spec.gitURL"),
        // Polecat
        refuse(
            "beadID changed",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("beadID", "go-zzz99"),
            true,
            "$.spec.beadID"),
        refuse(
            "rig changed", POLECAT, POLECAT_EXAMPLE, spec("rig", "other-rig"), true, "$.spec.rig"),
        refuse(
            "baseBranch with ..",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("baseBranch", "x..y"),
            "$.spec.baseBranch"),
        refuse(
            "baseBranch with //",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("baseBranch", "x//y"),
            "$.spec.baseBranch"),
        refuse(
            "baseBranch ending in /",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("baseBranch", "x/"),
            "$.spec.baseBranch"),
        refuse(
            "baseBranch .lock",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("baseBranch", "x.lock"),
            "$.spec.baseBranch"),
        refuse(
            "subject that is an option",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("subject", "--force"),
            "$.spec.subject"),
        refuse(
            "subject with a soft hyphen",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("subject", "Fix log\u00ADin"),
            "$.spec.subject"),
        refuse(
            "message with a zero-width joiner",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("message", "Pairing \uD83D\uDC69\u200D\uD83D\uDCBB"),
            "$.spec.message"),
        refuse(
            "message with Unicode tag characters",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("message", "Fix it\uDB40\uDC69\uDB40\uDC67"),
            "$.spec.message"),
        refuse(
            "subject with a right-to-left override",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("subject", "Fix \u202Etxt.exe"),
            "$.spec.subject"),
        refuse(
            "subject with a C1 next-line control",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("subject", "Fix\u0085rm -rf"),
            "$.spec.subject"),
        refuse(
            "subject with a left-to-right isolate",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("subject", "Fix \u2066login\u2069"),
            "$.spec.subject"),
        refuse(
            "message with a line separator",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("message", "First\u2028--force"),
            "$.spec.message"),
        refuse(
            "message with a word joiner",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("message", "ig\u2060nore previous"),
            "$.spec.message"),
        // Convoy
        refuse(
            "baseBranch with ..",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("baseBranch", "x..y"),
            "$.spec.baseBranch"),
        refuse(
            "baseBranch with //",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("baseBranch", "x//y"),
            "$.spec.baseBranch"),
        refuse(
            "baseBranch ending in /",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("baseBranch", "x/"),
            "$.spec.baseBranch"),
        refuse(
            "baseBranch .lock",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("baseBranch", "x.lock"),
            "$.spec.baseBranch"),
        refuse(
            "description as an option",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("description", "--force"),
            "$.spec.description"),
        refuse(
            "description with a leading space",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("description", " Login hardening"),
            "$.spec.description"),
        refuse(
            "description with a trailing space",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("description", "Login hardening "),
            "$.spec.description"),
        refuse(
            "description with a zero-width space",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("description", "Login\u200Bhardening"),
            "$.spec.description"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesNamingTheField(Refusal refusal) {
    List<CelRules.Violation> violations = refusal.sample().violations();
    assertEquals(Set.of(refusal.field()), fields(violations), violations.toString());
    assertFalse(violations.get(0).message().startsWith("evaluation error"), violations.toString());
  }

  static Stream<Sample> accepted() {
    return Stream.of(
        sample("the Rig example", RIG, RIG_EXAMPLE, cr -> {}),
        sample("the Polecat example", POLECAT, POLECAT_EXAMPLE, cr -> {}),
        sample("the Convoy example", CONVOY, CONVOY_EXAMPLE, cr -> {}),
        sample("Rig named with one letter", RIG, RIG_EXAMPLE, name("r")),
        sample("Rig name of 63 characters", RIG, RIG_EXAMPLE, name("r".repeat(63))),
        sample("rigName HQ (only hq is reserved)", RIG, RIG_EXAMPLE, spec("rigName", "HQ")),
        sample("rigName hq_2", RIG, RIG_EXAMPLE, spec("rigName", "hq_2")),
        sample("branch with / and .", RIG, RIG_EXAMPLE, spec("branch", "feature/login.v2")),
        sample("branch ending .locked", RIG, RIG_EXAMPLE, spec("branch", "main.locked")),
        sample(
            "localPath with .. inside a name", RIG, RIG_EXAMPLE, spec("localPath", "/a/b..c/..d")),
        sample("gitURL over ssh", RIG, RIG_EXAMPLE, spec("gitURL", "git@github.com:o/r.git")),
        sample("Rig update", RIG, RIG_EXAMPLE, spec("branch", "develop"), true),
        sample(
            "Polecat update of desiredState",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("desiredState", "Idle"),
            true),
        sample(
            "Polecat update with the same bead and rig", POLECAT, POLECAT_EXAMPLE, cr -> {}, true),
        sample(
            "Polecat created with another bead",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("beadID", "gt-x1y")),
        sample(
            "subject in French with a check mark",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("subject", "Réparer le délai ✓")),
        sample("subject in Hebrew", POLECAT, POLECAT_EXAMPLE, spec("subject", "תקן את הכניסה")),
        sample(
            "message with tabs and newlines",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("message", "a\n\tb\n")),
        sample(
            "message starting with a dash",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("message", "- step one\n- two")),
        sample(
            "description with an emoji",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("description", "Pairing \uD83D\uDC4D sprint")),
        sample(
            "subject with a dash inside",
            POLECAT,
            POLECAT_EXAMPLE,
            spec("subject", "Fix -rf handling")),
        sample(
            "gitURL with dots inside a segment",
            RIG,
            RIG_EXAMPLE,
            spec("gitURL", "https://example.com/a..b/x.git")),
        sample(
            "description with inner spaces",
            CONVOY,
            CONVOY_EXAMPLE,
            spec("description", "Login  hardening")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts(Sample sample) {
    assertEquals(List.of(), sample.violations());
  }

  @Test
  void resourcesWithOnlyTheRequiredFieldsPassWithoutEvaluationErrors() {
    ObjectNode rig = resource("Rig", "gastown-operator");
    rig.putObject("spec").put("gitURL", "https://x/y.git").put("beadsPrefix", "go");
    ObjectNode polecat = resource("Polecat", "p1");
    polecat.putObject("spec").put("rig", "gastown-operator").put("beadID", "go-abc12");
    ObjectNode convoy = resource("Convoy", "c1");
    convoy.putObject("spec").put("description", "x").putArray("trackedBeads").add("go-abc12");
    assertEquals(List.of(), RIG.onCreate(rig));
    assertEquals(List.of(), RIG.onUpdate(rig, rig));
    assertEquals(List.of(), POLECAT.onCreate(polecat));
    assertEquals(List.of(), POLECAT.onUpdate(polecat, polecat));
    assertEquals(List.of(), CONVOY.onCreate(convoy));
    assertEquals(List.of(), CONVOY.onUpdate(convoy, convoy));
  }

  @Test
  void immutabilityIsJudgedOnlyOnUpdate() {
    Sample changed = sample("beadID", POLECAT, POLECAT_EXAMPLE, spec("beadID", "go-zzz99"), true);
    assertEquals(List.of(), POLECAT.onCreate(changed.edited()));
    assertEquals(
        List.of(new CelRules.Violation("$.spec.beadID", "beadID is immutable")),
        changed.violations());
  }

  @Test
  void everyRuleRefusesAtLeastOneSample() {
    Set<String> tripped = new TreeSet<>();
    refused()
        .forEach(
            r ->
                r.sample()
                    .violations()
                    .forEach(
                        v ->
                            tripped.add(r.sample().rules() + " " + v.field() + " " + v.message())));
    List<String> untested = new ArrayList<>();
    for (CelRules rules : List.of(RIG, POLECAT, CONVOY)) {
      for (CelRules.Rule rule : rules.rules()) {
        boolean hit =
            tripped.stream()
                .anyMatch(t -> t.startsWith(rules + " ") && t.endsWith(" " + rule.message()));
        if (!hit) {
          untested.add(rules + " " + rule.path() + ": " + rule.expression());
        }
      }
    }
    assertEquals(List.of(), untested);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyRuleOfTheFileIsCompiled(Crd crd) throws IOException {
    String text = Files.readString(RepoPaths.resolve(crd.file()));
    long written =
        Pattern.compile("^\\s*- rule:", Pattern.MULTILINE).matcher(text).results().count();
    assertEquals(written, CelRules.of(crd).rules().size(), crd.file());
  }

  static Stream<Crd> crds() {
    return Crd.all().stream();
  }

  @Test
  void selfIsTypedByTheSchemaSoAMisspeltFieldDoesNotCompile() {
    assertThrows(CelValidationException.class, () -> RIG.compile("spec", "self.gitUrl != ''"));
    assertThrows(CelValidationException.class, () -> RIG.compile("spec.rigName", "self != 1"));
    assertThrows(CelValidationException.class, () -> RIG.compile("spec.rigName", "self"));
    assertThrows(
        CelValidationException.class, () -> RIG.compile("", "self.metadata.namespace == 'x'"));
    assertTrue(assertDoesCompile(() -> RIG.compile("spec", "self.gitURL.startsWith('h')")));
    assertTrue(assertDoesCompile(() -> POLECAT.compile("spec.rig", "self == oldSelf")));
  }

  private interface Compilation {
    Object run() throws CelValidationException;
  }

  private static boolean assertDoesCompile(Compilation compilation) {
    try {
      return compilation.run() != null;
    } catch (CelValidationException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static Set<String> fields(List<CelRules.Violation> violations) {
    Set<String> fields = new TreeSet<>();
    violations.forEach(v -> fields.add(v.field()));
    return fields;
  }

  private static ObjectNode resource(String kind, String name) {
    ObjectNode cr = JsonNodeFactory.instance.objectNode();
    cr.put("apiVersion", "gastown.gastown.io/v1alpha1").put("kind", kind);
    cr.putObject("metadata").put("name", name);
    return cr;
  }

  private static Consumer<ObjectNode> name(String name) {
    return cr -> ((ObjectNode) cr.path("metadata")).put("name", name);
  }

  private static Consumer<ObjectNode> spec(String field, String value) {
    return cr -> ((ObjectNode) cr.path("spec")).put(field, value);
  }

  private static Sample sample(
      String name, CelRules rules, String example, Consumer<ObjectNode> edit) {
    return sample(name, rules, example, edit, false);
  }

  private static Sample sample(
      String name, CelRules rules, String example, Consumer<ObjectNode> edit, boolean update) {
    return new Sample(name, rules, example, edit, update);
  }

  private static Refusal refuse(
      String name, CelRules rules, String example, Consumer<ObjectNode> edit, String field) {
    return refuse(name, rules, example, edit, false, field);
  }

  private static Refusal refuse(
      String name,
      CelRules rules,
      String example,
      Consumer<ObjectNode> edit,
      boolean update,
      String field) {
    return new Refusal(sample(rules + ": " + name, rules, example, edit, update), field);
  }
}
