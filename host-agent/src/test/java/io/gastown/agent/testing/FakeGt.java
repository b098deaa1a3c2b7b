package io.gastown.agent.testing;

import io.gastown.agent.town.GtCli;
import io.gastown.agent.town.GtCommandException;
import io.gastown.agent.town.PolecatDetail;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.SessionInfo;
import io.gastown.agent.town.SlingRequest;
import io.gastown.agent.town.SlingResult;
import io.gastown.agent.town.TownSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written gt keeping a tiny town in memory: rigs, polecats with hooked beads, sessions.
 * Records every mutation; can fail the next command with gt's words, or hold it until released.
 */
public final class FakeGt implements GtCli {
  public final List<String> mutations = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, RigInfo> rigs = new LinkedHashMap<>();
  private final Map<String, PolecatInfo> polecats = new LinkedHashMap<>();
  private final List<String> failNext = new ArrayList<>();
  private final List<String> closedBeads = new ArrayList<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private int nameCounter;

  /** The next mutations fail with these messages, in order. */
  public synchronized void failNext(String gtMessage) {
    failNext.add(gtMessage);
  }

  /** Mutations block until {@link #release}. */
  public void holdMutations() {
    hold = new CountDownLatch(1);
  }

  public void release() {
    hold.countDown();
  }

  public synchronized void addRig(String name) {
    rigs.put(name, new RigInfo(name, "xx", "operational", "running", "running", 0, 0));
  }

  public synchronized void closeBead(String bead) {
    closedBeads.add(bead);
  }

  public synchronized void putPolecat(PolecatInfo p) {
    polecats.put(p.address(), p);
  }

  public synchronized TownSnapshot snapshot() {
    List<SessionInfo> sessions = new ArrayList<>();
    for (PolecatInfo p : polecats.values()) {
      sessions.add(new SessionInfo(p.rig(), p.name(), "xx-" + p.name(), p.sessionRunning()));
    }
    return new TownSnapshot(
        Instant.now(),
        List.copyOf(rigs.values()),
        List.copyOf(polecats.values()),
        sessions,
        Map.of());
  }

  private void mutate(String what) {
    try {
      hold.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    mutations.add(what);
    synchronized (this) {
      if (!failNext.isEmpty()) {
        throw new GtCommandException("gt " + what.split(" ")[0], 1, failNext.remove(0));
      }
    }
  }

  @Override
  public synchronized List<RigInfo> rigList() {
    return List.copyOf(rigs.values());
  }

  @Override
  public void rigAdd(String rigName, String gitUrl, String prefix, String branch) {
    mutate("rig-add " + rigName);
    synchronized (this) {
      if (rigs.containsKey(rigName)) {
        throw new GtCommandException("gt rig add", 1, "adding rig: rig already exists");
      }
      rigs.put(rigName, new RigInfo(rigName, prefix, "operational", "running", "running", 0, 0));
    }
  }

  @Override
  public void rigRemove(String rigName, boolean force) {
    mutate("rig-remove " + rigName + (force ? " --force" : ""));
    synchronized (this) {
      rigs.remove(rigName);
    }
  }

  @Override
  public synchronized List<PolecatInfo> polecatListAll() {
    return List.copyOf(polecats.values());
  }

  @Override
  public PolecatDetail polecatStatus(String rig, String name) {
    PolecatInfo p = polecats.get(rig + "/" + name);
    return new PolecatDetail(
        rig,
        name,
        p.state(),
        p.issue(),
        "/town/" + rig + "/polecats/" + name,
        "polecat/" + name,
        p.sessionRunning(),
        "xx-" + name,
        "2025-01-02 15:04:05");
  }

  @Override
  public synchronized List<SessionInfo> sessionList() {
    return snapshot().sessions();
  }

  @Override
  public SlingResult sling(SlingRequest request) {
    mutate("sling " + request.beadId() + " " + request.rigName());
    synchronized (this) {
      if (closedBeads.contains(request.beadId())) {
        throw new GtCommandException(
            "gt sling", 1, "bead " + request.beadId() + " is closed (work already completed)");
      }
      for (PolecatInfo p : polecats.values()) {
        if (p.issue().equals(request.beadId())) {
          throw new GtCommandException(
              "gt sling", 1, "bead " + request.beadId() + " is already hooked to " + p.address());
        }
      }
      String name = "cat" + (++nameCounter);
      polecats.put(
          request.rigName() + "/" + name,
          new PolecatInfo(
              request.rigName(), name, "working", request.beadId(), true, false, "xx-" + name));
      return new SlingResult(name, false, "");
    }
  }

  @Override
  public void sessionStop(String rigName, String polecatName, boolean force) {
    mutate("session-stop " + rigName + "/" + polecatName);
    synchronized (this) {
      PolecatInfo p = polecats.get(rigName + "/" + polecatName);
      if (p != null) {
        polecats.put(
            p.address(),
            new PolecatInfo(
                p.rig(), p.name(), "stalled", p.issue(), false, false, p.sessionName()));
      }
    }
  }

  @Override
  public void polecatNuke(String rigName, String polecatName, boolean force) {
    mutate("nuke " + rigName + "/" + polecatName + (force ? " --force" : ""));
    synchronized (this) {
      polecats.remove(rigName + "/" + polecatName);
    }
  }

  @Override
  public String version() {
    return "1.0.1";
  }
}
