package io.gastown.agent.town;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link TownSnapshot} with a fixed number of gt calls per cycle — rig list, polecat list
 * --all, session list, convoy list --all — whatever the number of resources. A rig needs nothing
 * more: gt keeps every rig at {@code <town>/<rig>} ({@link TownLayout#rigPath}), so {@code gt rig
 * status} is never asked (a restarted agent used to ask it once per rig before it could plan
 * anything). Details that the polecat listing lacks (worktree, branch) are fetched once and cached:
 * {@code polecat status} for a polecat whose listing entry is new or changed (at most {@link
 * #MAX_DETAILS_PER_CYCLE} per cycle, so a large town spreads them over a few cycles).
 */
public final class TownObserver {
  static final int MAX_DETAILS_PER_CYCLE = 16;
  private static final Logger LOG = LoggerFactory.getLogger(TownObserver.class);

  private final GtCli gt;
  private final Clock clock;
  private final Map<String, CachedDetail> polecatDetails = new HashMap<>();

  private record CachedDetail(PolecatInfo listedAs, PolecatDetail detail) {}

  public TownObserver(GtCli gt, Clock clock) {
    this.gt = gt;
    this.clock = clock;
  }

  /** Observes the town; throws {@link GtException} when one of the listings fails. */
  public synchronized TownSnapshot observe() {
    List<RigInfo> rigs = gt.rigList();
    List<PolecatInfo> polecats = gt.polecatListAll();
    List<SessionInfo> sessions = gt.sessionList();
    List<ConvoyInfo> convoys = gt.convoyList(); // the fourth and last listing of a cycle
    refreshPolecatDetails(polecats);
    Map<String, PolecatDetail> details = new HashMap<>();
    polecatDetails.forEach((k, v) -> details.put(k, v.detail()));
    return new TownSnapshot(clock.instant(), rigs, polecats, sessions, details, convoys);
  }

  /** Forgets the cached details of one polecat (after an action changed it). */
  public synchronized void invalidatePolecat(String rig, String name) {
    polecatDetails.remove(rig + "/" + name);
  }

  private void refreshPolecatDetails(List<PolecatInfo> polecats) {
    List<String> addresses = new ArrayList<>();
    int fetched = 0;
    for (PolecatInfo p : polecats) {
      addresses.add(p.address());
      CachedDetail cached = polecatDetails.get(p.address());
      if (cached != null && cached.listedAs().equals(p)) {
        continue;
      }
      if (fetched++ >= MAX_DETAILS_PER_CYCLE) {
        continue;
      }
      try {
        polecatDetails.put(p.address(), new CachedDetail(p, gt.polecatStatus(p.rig(), p.name())));
      } catch (GtException e) {
        LOG.warn("cannot read the status of polecat {}: {}", p.address(), e.getMessage());
        polecatDetails.put(
            p.address(),
            new CachedDetail(
                p,
                new PolecatDetail(
                    p.rig(), p.name(), p.state(), p.issue(), "", "", p.sessionRunning(), "", "")));
      }
    }
    polecatDetails.keySet().retainAll(addresses);
  }
}
