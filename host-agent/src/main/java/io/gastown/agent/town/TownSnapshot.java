package io.gastown.agent.town;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One observation of the town: immutable, indexed for the planners' lookups (each O(1), so planning
 * a thousand resources stays cheap).
 */
public final class TownSnapshot {
  private final Instant observedAt;
  private final Map<String, RigInfo> rigs;
  private final List<PolecatInfo> polecats;
  private final List<SessionInfo> sessions;
  private final Map<String, PolecatDetail> polecatDetails;
  private final Map<String, PolecatInfo> polecatsByAddress = new HashMap<>();
  private final Map<String, PolecatInfo> polecatsByBead = new HashMap<>();
  private final Map<String, SessionInfo> sessionsByAddress = new HashMap<>();
  private final List<ConvoyInfo> convoys;
  private final Map<String, ConvoyInfo> convoysById = new HashMap<>();

  /** A snapshot of a town without convoys. */
  public TownSnapshot(
      Instant observedAt,
      List<RigInfo> rigs,
      List<PolecatInfo> polecats,
      List<SessionInfo> sessions,
      Map<String, PolecatDetail> polecatDetails) {
    this(observedAt, rigs, polecats, sessions, polecatDetails, List.of());
  }

  public TownSnapshot(
      Instant observedAt,
      List<RigInfo> rigs,
      List<PolecatInfo> polecats,
      List<SessionInfo> sessions,
      Map<String, PolecatDetail> polecatDetails,
      List<ConvoyInfo> convoys) {
    this.observedAt = observedAt;
    this.convoys = List.copyOf(convoys);
    convoys.forEach(c -> convoysById.put(c.id(), c));
    Map<String, RigInfo> byName = new LinkedHashMap<>();
    rigs.forEach(r -> byName.put(r.name(), r));
    this.rigs = Map.copyOf(byName);
    this.polecats = List.copyOf(polecats);
    this.sessions = List.copyOf(sessions);
    this.polecatDetails = Map.copyOf(polecatDetails);
    for (PolecatInfo p : polecats) {
      polecatsByAddress.put(p.address(), p);
      if (!p.issue().isEmpty()) {
        polecatsByBead.merge(p.issue(), p, TownSnapshot::preferWorking);
      }
    }
    for (SessionInfo s : sessions) {
      sessionsByAddress.put(s.rig() + "/" + s.polecat(), s);
    }
  }

  /** An empty town observed at {@code at} (tests, and a town with nothing in it). */
  public static TownSnapshot empty(Instant at) {
    return new TownSnapshot(at, List.of(), List.of(), List.of(), Map.of());
  }

  public Instant observedAt() {
    return observedAt;
  }

  public Map<String, RigInfo> rigs() {
    return rigs;
  }

  public Optional<RigInfo> rig(String name) {
    return Optional.ofNullable(rigs.get(name));
  }

  public List<PolecatInfo> polecats() {
    return polecats;
  }

  public List<SessionInfo> sessions() {
    return sessions;
  }

  public Optional<PolecatInfo> polecat(String rig, String name) {
    return Optional.ofNullable(polecatsByAddress.get(rig + "/" + name));
  }

  /** The polecat that has {@code beadId} hooked (its issue), if any. */
  public Optional<PolecatInfo> polecatWithBead(String beadId) {
    return Optional.ofNullable(polecatsByBead.get(beadId));
  }

  public Optional<SessionInfo> session(String rig, String polecat) {
    return Optional.ofNullable(sessionsByAddress.get(rig + "/" + polecat));
  }

  public Optional<PolecatDetail> polecatDetail(String rig, String name) {
    return Optional.ofNullable(polecatDetails.get(rig + "/" + name));
  }

  /** Every convoy, open and closed, in gt's order. */
  public List<ConvoyInfo> convoys() {
    return convoys;
  }

  public Optional<ConvoyInfo> convoy(String id) {
    return Optional.ofNullable(convoysById.get(id));
  }

  /**
   * Whether the other snapshot saw the same town: every listing and detail equal, whenever each was
   * taken. Planning reads nothing else of a snapshot, so equal towns give equal plans.
   */
  public boolean sameTownAs(TownSnapshot other) {
    return rigs.equals(other.rigs)
        && polecats.equals(other.polecats)
        && sessions.equals(other.sessions)
        && polecatDetails.equals(other.polecatDetails)
        && convoys.equals(other.convoys);
  }

  /** Two polecats claiming one bead: the live one is the witness. */
  private static PolecatInfo preferWorking(PolecatInfo a, PolecatInfo b) {
    return a.state().equals("working") || a.sessionRunning() ? a : b;
  }
}
