package io.gastown.agent.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.PolecatSpec;
import io.gastown.proto.v1.RigSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
  static RigSpec.Builder rig() {
    return RigSpec.newBuilder().setGitUrl("https://github.com/o/r.git").setBeadsPrefix("gt");
  }

  static List<String> fields(List<Violation> v) {
    return v.stream().map(Violation::field).toList();
  }

  @Test
  void aValidRigHasNoViolations() {
    assertEquals(List.of(), SpecValidator.rig(rig().setBranch("release/1.0").build(), "my-rig"));
    assertEquals(
        List.of(), SpecValidator.rig(rig().setGitUrl("git@github.com:o/r.git").build(), "r"));
    assertEquals(List.of(), SpecValidator.rig(rig().setGitUrl("file:///srv/r.git").build(), "r"));
  }

  @Test
  void rigNamesMapHyphensToUnderscores() {
    assertEquals("my_rig", RigNames.gtName(rig().build(), "my-rig"));
    assertEquals("Custom", RigNames.gtName(rig().setRigName("Custom").build(), "my-rig"));
  }

  @Test
  void rigNamesThatGtRefusesAreViolations() {
    assertEquals(List.of("metadata.name"), fields(SpecValidator.rig(rig().build(), "my.rig")));
    assertEquals(List.of("metadata.name"), fields(SpecValidator.rig(rig().build(), "hq")));
    assertEquals(
        List.of("spec.rigName"), fields(SpecValidator.rig(rig().setRigName("a/b").build(), "x")));
    assertEquals(
        List.of("spec.rigName"),
        fields(SpecValidator.rig(rig().setRigName("--force").build(), "x")));
  }

  @Test
  void urlsThatLookLikeOptionsOrHoldSpacesAreRefused() {
    for (String url :
        List.of(
            "--upload-pack=evil", "-x", "http://plain.example.com/r", "https://a b", "/local")) {
      assertEquals(
          List.of("spec.gitURL"),
          fields(SpecValidator.rig(rig().setGitUrl(url).build(), "r")),
          url);
    }
    assertEquals(
        List.of("spec.gitURL"), fields(SpecValidator.rig(rig().setGitUrl("").build(), "r")));
  }

  @Test
  void branchesPrefixesAndPathsAreChecked() {
    for (String b : List.of("-b", "a..b", "a//b", "a/", "x.lock", "/abs", "sp ace")) {
      assertEquals(
          List.of("spec.branch"), fields(SpecValidator.rig(rig().setBranch(b).build(), "r")), b);
    }
    assertEquals(
        List.of("spec.beadsPrefix"),
        fields(SpecValidator.rig(rig().setBeadsPrefix("G1").build(), "r")));
    for (String p : List.of("relative/x", "/a/../b", "/a/..", "/a\nb")) {
      assertEquals(
          List.of("spec.localPath"),
          fields(SpecValidator.rig(rig().setLocalPath(p).build(), "r")),
          p);
    }
  }

  static PolecatSpec.Builder polecat() {
    return PolecatSpec.newBuilder().setRig("my-rig").setBeadId("gt-abc12");
  }

  @Test
  void aValidPolecatHasNoViolations() {
    assertEquals(
        List.of(),
        SpecValidator.polecat(
            polecat()
                .setBeadId("gt-abc.1.2")
                .setAgent("claude")
                .setSubject("Fix the build")
                .setMessage("line 1\nline 2")
                .setMerge("mr")
                .setBaseBranch("main")
                .build()));
  }

  @Test
  void polecatFieldsAreCheckedEachNamed() {
    List<Violation> v =
        SpecValidator.polecat(
            PolecatSpec.newBuilder()
                .setRig("My_Rig")
                .setBeadId("--force")
                .setAgent("-x")
                .setSubject("two\nlines")
                .setMessage("bell\u0007")
                .setMerge("squash")
                .setBaseBranch("..")
                .build());
    assertEquals(
        List.of(
            "spec.rig",
            "spec.beadID",
            "spec.agent",
            "spec.subject",
            "spec.message",
            "spec.merge",
            "spec.baseBranch"),
        fields(v));
    assertTrue(v.get(2).problem().contains("option"));
    assertEquals(
        List.of("spec.rig", "spec.beadID"),
        fields(SpecValidator.polecat(PolecatSpec.getDefaultInstance())));
    assertEquals(
        List.of("spec.beadID"),
        fields(SpecValidator.polecat(polecat().setBeadId("hq-cv").build())));
    assertEquals(
        List.of("spec.subject"),
        fields(SpecValidator.polecat(polecat().setSubject("x".repeat(257)).build())));
  }
}
