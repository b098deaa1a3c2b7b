package io.gastown.agent.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.ConvoySpec;
import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.RigSpec;
import io.gastown.testkit.HostileSpecs;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every value of the shared hostile corpus (testkit {@code hostile-specs.json}, also used end to
 * end by e2e AdversarialSpecsIT) is refused, by a violation naming its field, when put into an
 * otherwise valid spec; and the valid base specs pass, so a refusal is the hostile value's doing.
 */
class SpecValidatorCorpusTest {

  static Stream<HostileSpecs.Entry> corpus() {
    return HostileSpecs.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyHostileValueIsRefusedNamingItsField(HostileSpecs.Entry e) {
    List<Violation> violations = validate(e);
    assertFalse(violations.isEmpty(), "accepted " + e);
    assertTrue(
        violations.stream().allMatch(v -> v.field().startsWith(e.field())),
        "violations " + violations + " for " + e);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void aRefusalNeverEchoesInvisibleOrControlCharactersOrWholeHugeValues(HostileSpecs.Entry e) {
    for (Violation v : validate(e)) {
      String text = v.toString();
      assertTrue(text.length() < 400, "long: " + text.length());
      assertTrue(
          text.codePoints().allMatch(c -> (c >= 0x20 && c < 0x7f)),
          "unprintable in " + HostileSpecs.printable(text));
    }
  }

  @Test
  void theBaseSpecsTheCorpusStartsFromAreValid() {
    assertEquals(List.of(), SpecValidator.rig(rig().build(), "hostile-base"));
    assertEquals(List.of(), SpecValidator.polecat(polecat().build()));
    assertEquals(List.of(), SpecValidator.convoy(convoy().build()));
  }

  private static List<Violation> validate(HostileSpecs.Entry e) {
    return switch (e.kind()) {
      case "Rig" -> SpecValidator.rig(rigWith(e), "hostile-base");
      case "Polecat" -> SpecValidator.polecat(polecatWith(e));
      case "Convoy" -> SpecValidator.convoy(convoyWith(e));
      default -> throw new IllegalArgumentException(e.kind());
    };
  }

  static RigSpec.Builder rig() {
    return RigSpec.newBuilder()
        .setGitUrl("https://example.com/org/repo.git")
        .setBeadsPrefix("hs")
        .setBranch("main")
        .setLocalPath("/srv/town/hostile_base");
  }

  static PolecatSpec.Builder polecat() {
    return PolecatSpec.newBuilder()
        .setRig("hostile-target")
        .setBeadId("hs-abc12")
        .setAgent("claude")
        .setSubject("Fix the flaky test")
        .setMessage("Line one\n\tLine two")
        .setMerge("mr")
        .setBaseBranch("main");
  }

  static ConvoySpec.Builder convoy() {
    return ConvoySpec.newBuilder()
        .setDescription("Release 1.2")
        .addTrackedBeads("hs-abc12")
        .setRig("hostile-target")
        .setOwner("me@example.com")
        .setNotify("ops@example.com")
        .setMerge("direct")
        .setBaseBranch("release/1.2");
  }

  private static RigSpec rigWith(HostileSpecs.Entry e) {
    RigSpec.Builder b = rig();
    String v = e.value();
    switch (e.field()) {
      case "spec.gitURL" -> b.setGitUrl(v);
      case "spec.rigName" -> b.setRigName(v);
      case "spec.branch" -> b.setBranch(v);
      case "spec.localPath" -> b.setLocalPath(v);
      case "spec.beadsPrefix" -> b.setBeadsPrefix(v);
      default -> throw new IllegalArgumentException(e.field());
    }
    return b.build();
  }

  private static PolecatSpec polecatWith(HostileSpecs.Entry e) {
    PolecatSpec.Builder b = polecat();
    String v = e.value();
    switch (e.field()) {
      case "spec.beadID" -> b.setBeadId(v);
      case "spec.agent" -> b.setAgent(v);
      case "spec.subject" -> b.setSubject(v);
      case "spec.message" -> b.setMessage(v);
      case "spec.merge" -> b.setMerge(v);
      case "spec.baseBranch" -> b.setBaseBranch(v);
      case "spec.rig" -> b.setRig(v);
      default -> throw new IllegalArgumentException(e.field());
    }
    return b.build();
  }

  private static ConvoySpec convoyWith(HostileSpecs.Entry e) {
    ConvoySpec.Builder b = convoy();
    String v = e.value();
    switch (e.field()) {
      case "spec.description" -> b.setDescription(v);
      case "spec.trackedBeads" -> b.clearTrackedBeads().addTrackedBeads(v);
      case "spec.owner" -> b.setOwner(v);
      case "spec.notify" -> b.setNotify(v);
      case "spec.merge" -> b.setMerge(v);
      case "spec.baseBranch" -> b.setBaseBranch(v);
      case "spec.rig" -> b.setRig(v);
      default -> throw new IllegalArgumentException(e.field());
    }
    return b.build();
  }
}
