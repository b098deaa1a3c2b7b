package io.gastown.agent.town;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link TownSnapshot} with a fixed number of gt calls per cycle — rig list, polecat list
 * --all, session list, convoy list --all — whatever the number of resources. A rig needs nothing
 * more: gt keeps every rig at {@code <town>/<rig>} ({@link TownLayout#rigPath}), so {@code gt rig
 * status} is never asked (a restarted agent used to ask it once per rig before it could plan
 * anything).
 *
 * <p>Details that the polecat listing lacks (worktree, branch, last activity) come from {@code gt
 * polecat status}, asked once for a polecat whose listing entry is new or changed and cached. They
 * only fill in status fields, so they are not part of a cycle: {@link #fetchPendingDetails} asks
 * for at most {@link #MAX_DETAILS_PER_CYCLE} of them after a cycle's snapshot has been planned, and
 * the next cycle carries them. Planning never waits for them — after a restart in a town of
 * hundreds of polecats the first plan follows the four listings.
 */
public final class TownObserver {
  static final int MAX_DETAILS_PER_CYCLE = 16;
  private static final Logger LOG = LoggerFactory.getLogger(TownObserver.class);

  private final GtCli gt;
  private final Clock clock;
  private final Map<String, CachedDetail> polecatDetails = new HashMap<>();
  private List<PolecatInfo> lastListed = List.of();

  private record CachedDetail(PolecatInfo listedAs, PolecatDetail detail) {}

  public TownObserver(GtCli gt, Clock clock) {
    this.gt = gt;
    this.clock = clock;
  }

  /**
   * Observes the town with the four listings; throws {@link GtException} when one of them fails.
   * Polecats carry the details cached so far (possibly from an earlier listing of theirs).
   */
  public synchronized TownSnapshot observe() {
    List<RigInfo> rigs = gt.rigList();
    List<PolecatInfo> polecats = gt.polecatListAll();
    List<SessionInfo> sessions = gt.sessionList();
    List<ConvoyInfo> convoys = gt.convoyList(); // the fourth and last listing of a cycle
    lastListed = polecats;
    Set<String> listed = new HashSet<>();
    polecats.forEach(p -> listed.add(p.address()));
    polecatDetails.keySet().retainAll(listed);
    Map<String, PolecatDetail> details = new HashMap<>();
    polecatDetails.forEach((k, v) -> details.put(k, v.detail()));
    return new TownSnapshot(clock.instant(), rigs, polecats, sessions, details, convoys);
  }

  /**
   * Asks {@code gt polecat status} for at most {@link #MAX_DETAILS_PER_CYCLE} polecats of the last
   * listing whose entry is new or changed since their detail was fetched.
   *
   * @return how many were asked: more than zero means the next snapshot knows more
   */
  public synchronized int fetchPendingDetails() {
    int fetched = 0;
    for (PolecatInfo p : lastListed) {
      CachedDetail cached = polecatDetails.get(p.address());
      if (cached != null && cached.listedAs().equals(p)) {
        continue;
      }
      if (fetched++ >= MAX_DETAILS_PER_CYCLE) {
        return MAX_DETAILS_PER_CYCLE;
      }
      polecatDetails.put(p.address(), new CachedDetail(p, detailOf(p)));
    }
    return fetched;
  }

  private PolecatDetail detailOf(PolecatInfo p) {
    try {
      return gt.polecatStatus(p.rig(), p.name());
    } catch (GtException e) {
      // Cached as what the listing says, so a polecat gt cannot describe is not asked every cycle.
      LOG.warn("cannot read the status of polecat {}: {}", p.address(), e.getMessage());
      return new PolecatDetail(
          p.rig(), p.name(), p.state(), p.issue(), "", "", p.sessionRunning(), "", "");
    }
  }
}
