package io.gastown.agent.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.config.AllowList;
import io.gastown.agent.town.ConvoyInfo;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.TownSnapshot;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.MirrorObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MirrorCollectorTest {
  static final Map<String, String> URLS =
      Map.of("town_rig", "https://example.com/t.git", "cr_rig", "https://example.com/c.git");

  static TownSnapshot town() {
    return new TownSnapshot(
        Instant.EPOCH,
        List.of(
            new RigInfo("town_rig", "tr", "operational", "running", "running", 1, 0),
            new RigInfo("cr_rig", "cr", "operational", "running", "running", 1, 0),
            new RigInfo("no_url", "nu", "operational", "running", "running", 0, 0)),
        List.of(
            new PolecatInfo("town_rig", "nux", "working", "tr-abc12", true, false, ""),
            new PolecatInfo("cr_rig", "slit", "working", "cr-def34", true, false, ""),
            new PolecatInfo("cr_rig", "toast", "working", "cr-own11", true, false, ""),
            new PolecatInfo("town_rig", "idle", "idle", "", false, false, ""),
            new PolecatInfo("no_url", "ace", "working", "nu-xyz99", true, false, "")),
        List.of(),
        Map.of(),
        List.of(
            new ConvoyInfo(
                "hq-cv-open1",
                "Town work",
                "open",
                "",
                List.of(new ConvoyInfo.TrackedIssue("tr-abc12", "t", "hooked", "")),
                0,
                1),
            new ConvoyInfo("hq-cv-mine1", "Mine", "open", "", List.of(), 0, 0),
            new ConvoyInfo(
                "hq-cv-shut1",
                "Done",
                "closed",
                "",
                List.of(new ConvoyInfo.TrackedIssue("tr-abc12", "t", "closed", "")),
                1,
                1)));
  }

  static final Coverage COVERED =
      new Coverage(Map.of("cr_rig", "cr-rig"), Set.of("cr-own11"), Set.of("hq-cv-mine1"));

  static List<String> names(List<MirrorObject> objects) {
    return objects.stream().map(o -> o.getKind().name() + ":" + o.getTownName()).toList();
  }

  @Test
  void objectsWithoutAResourceOfTheClusterAreReportedAndTheRestLeftOut() {
    List<MirrorObject> objects = MirrorCollector.collect(town(), URLS, COVERED, AllowList.all());
    assertEquals(
        List.of(
            "KIND_RIG:town_rig",
            "KIND_POLECAT:cr_rig/slit",
            "KIND_POLECAT:town_rig/nux",
            "KIND_CONVOY:hq-cv-open1"),
        names(objects));
    MirrorObject rig = objects.get(0);
    assertEquals("https://example.com/t.git", rig.getResource().getRig().getGitUrl());
    assertEquals("tr", rig.getResource().getRig().getBeadsPrefix());
    MirrorObject slit = objects.get(1);
    assertEquals("cr-rig", slit.getResource().getPolecat().getRig(), "the cluster's Rig by name");
    assertEquals("", objects.get(2).getResource().getPolecat().getRig(), "the relay maps it");
    assertEquals(
        List.of("tr-abc12"), objects.get(3).getResource().getConvoy().getTrackedBeadsList());
  }

  @Test
  void aRigAllowListNarrowsTheMirrorAndHidesConvoys() {
    List<MirrorObject> objects =
        MirrorCollector.collect(
            town(), URLS, COVERED, new AllowList(List.of(), List.of("town_rig")));
    assertEquals(List.of("KIND_RIG:town_rig", "KIND_POLECAT:town_rig/nux"), names(objects));
    assertTrue(objects.stream().noneMatch(o -> o.getKind() == Kind.KIND_CONVOY));
  }
}
