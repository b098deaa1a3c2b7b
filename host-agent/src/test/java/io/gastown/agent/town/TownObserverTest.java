package io.gastown.agent.town;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TownObserverTest {
  final FakeGt gt = new FakeGt();
  final TownObserver observer = new TownObserver(gt, Clock.systemUTC());

  @Test
  void aCycleCostsItsListingsWhateverTheNumberOfPolecatsNewOrKnown() {
    gt.rigs.add(new RigInfo("gastown", "gt", "operational", "running", "running", 0, 0));
    observer.observe();
    for (int i = 0; i < 200; i++) {
      gt.polecats.add(
          new PolecatInfo("gastown", "p" + i, "working", "gt-b" + i + "xx", true, false, ""));
    }
    gt.calls.clear();
    TownSnapshot cold = observer.observe(); // 200 polecats without details: still no detail call
    assertEquals(List.of("rig list", "polecat list", "session list"), gt.calls);
    assertEquals(200, cold.polecats().size());
    while (observer.fetchPendingDetails() > 0) {
      observer.observe();
    }
    gt.calls.clear();
    TownSnapshot s = observer.observe();
    assertEquals(List.of("rig list", "polecat list", "session list"), gt.calls);
    assertEquals("p7", s.polecatWithBead("gt-b7xx").orElseThrow().name());
    assertEquals("p7", s.polecatDetail("gastown", "p7").orElseThrow().name());
  }

  @Test
  void detailsAreFetchedAfterTheSnapshotAtMostSixteenAtATime() {
    for (int i = 0; i < 40; i++) {
      gt.polecats.add(new PolecatInfo("r", "p" + i, "working", "", true, false, ""));
    }
    observer.observe();
    assertEquals(
        List.of(16, 16, 8, 0),
        List.of(
            observer.fetchPendingDetails(),
            observer.fetchPendingDetails(),
            observer.fetchPendingDetails(),
            observer.fetchPendingDetails()));
    assertEquals(40, observer.observe().polecats().stream().count());
    assertEquals(40, gt.calls.stream().filter("polecat status"::equals).count());
  }

  @Test
  void rigsCostNoCallBeyondTheListingHoweverManyThereAre() {
    for (int i = 0; i < 300; i++) {
      gt.rigs.add(new RigInfo("rig" + i, "r" + i, "operational", "running", "running", 0, 0));
    }
    TownSnapshot s = observer.observe();
    assertEquals(List.of("rig list", "polecat list", "session list"), gt.calls);
    assertEquals(300, s.rigs().size());
  }

  @Test
  void polecatDetailIsFetchedOnlyWhenItsListingChanges() {
    gt.polecats.add(new PolecatInfo("r", "nux", "working", "gt-abc", true, false, ""));
    observer.observe();
    assertEquals(1, observer.fetchPendingDetails());
    observer.observe();
    assertEquals(0, observer.fetchPendingDetails());
    assertEquals(1, gt.calls.stream().filter("polecat status"::equals).count());
    gt.polecats.set(0, new PolecatInfo("r", "nux", "idle", "", false, false, ""));
    observer.observe();
    assertEquals(1, observer.fetchPendingDetails());
    TownSnapshot s = observer.observe();
    assertEquals(2, gt.calls.stream().filter("polecat status"::equals).count());
    assertEquals("idle", s.polecatDetail("r", "nux").orElseThrow().state());
  }

  @Test
  void aFailingListingFailsTheObservation() {
    gt.failRigList = true;
    assertThrows(GtCommandException.class, observer::observe);
  }

  /** A hand-written gt that records which subcommands ran. */
  static final class FakeGt implements GtCli {
    final List<String> calls = new ArrayList<>();
    final List<RigInfo> rigs = new ArrayList<>();
    final List<PolecatInfo> polecats = new ArrayList<>();
    boolean failRigList;

    @Override
    public List<RigInfo> rigList() {
      calls.add("rig list");
      if (failRigList) {
        throw new GtCommandException("gt rig list", 1, "not in a Gas Town workspace");
      }
      return List.copyOf(rigs);
    }

    @Override
    public List<PolecatInfo> polecatListAll() {
      calls.add("polecat list");
      return List.copyOf(polecats);
    }

    @Override
    public PolecatDetail polecatStatus(String rig, String name) {
      calls.add("polecat status");
      PolecatInfo p =
          polecats.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
      return new PolecatDetail(
          rig, name, p.state(), p.issue(), "/c", "b", p.sessionRunning(), "", "");
    }

    @Override
    public List<SessionInfo> sessionList() {
      calls.add("session list");
      return List.of();
    }

    @Override
    public void rigAdd(String rigName, String gitUrl, String prefix, String branch) {}

    @Override
    public void rigRemove(String rigName, boolean force) {}

    @Override
    public SlingResult sling(SlingRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void sessionStop(String rigName, String polecatName, boolean force) {}

    @Override
    public void polecatNuke(String rigName, String polecatName, boolean force) {}

    @Override
    public String version() {
      return "1.0.1";
    }
  }
}
