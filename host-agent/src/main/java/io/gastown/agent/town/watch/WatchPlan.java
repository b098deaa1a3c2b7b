package io.gastown.agent.town.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which directories of a town to watch, and why: pure, from the rigs gt lists and the beads
 * databases present. A directory gt writes may not exist yet (no rig parked so far, no heartbeat
 * yet, a rig without polecats): then its nearest existing ancestor inside the town is watched for
 * the one name that leads to it, so its creation is seen and the directory watched from then on.
 *
 * @param dirs every directory to watch, by path
 */
public record WatchPlan(Map<Path, WatchedDir> dirs) {
  /** gt's subpaths of the town root (see {@link WatchKind}). */
  static final Path RIGS_DIR = Path.of("mayor");

  static final Path PARK_DIR = Path.of(".beads-wisp", "config");
  static final Path HEARTBEAT_DIR = Path.of(".runtime", "heartbeats");
  static final Path DOLT_DATA = Path.of(".dolt-data");
  static final Path DOLT_STORE = Path.of(".dolt", "noms");

  public WatchPlan {
    dirs = Map.copyOf(dirs);
  }

  /**
   * One directory to watch.
   *
   * @param dir the directory
   * @param kind what its entries mean when it is one of gt's directories; empty when it is watched
   *     only for the names that lead to one
   * @param awaited names whose appearance (or disappearance) here changes the plan
   * @param awaitsAny whether any entry appearing or going changes the plan (the beads databases)
   */
  public record WatchedDir(
      Path dir, Optional<WatchKind> kind, Set<String> awaited, boolean awaitsAny) {
    public WatchedDir {
      awaited = Set.copyOf(awaited);
    }

    /** Whether an entry of this name appearing or going here changes the plan. */
    public boolean awaits(String name) {
      return awaited.contains(name) || (awaitsAny && !name.startsWith("."));
    }
  }

  /**
   * @param town the town root
   * @param rigs gt's rig names (from the last observation)
   * @param databases the names of the directories under {@code <town>/.dolt-data/}
   * @param isDirectory whether a path is an existing directory
   */
  public static WatchPlan of(
      Path town,
      Collection<String> rigs,
      Collection<String> databases,
      Predicate<Path> isDirectory) {
    if (!isDirectory.test(town)) {
      return new WatchPlan(Map.of());
    }
    Builder b = new Builder(town, isDirectory);
    b.target(town.resolve(RIGS_DIR), WatchKind.RIG_REGISTRY);
    b.target(town.resolve(PARK_DIR), WatchKind.PARK_STATE);
    b.target(town.resolve(HEARTBEAT_DIR), WatchKind.HEARTBEATS);
    for (String rig : rigs) {
      if (plainName(rig)) {
        b.target(town.resolve(rig).resolve("polecats"), WatchKind.POLECATS);
      }
    }
    Path doltData = town.resolve(DOLT_DATA);
    if (isDirectory.test(doltData)) {
      b.discoverer(doltData);
      for (String db : databases) {
        if (plainName(db)) {
          b.target(doltData.resolve(db).resolve(DOLT_STORE), WatchKind.BEADS_DATABASE);
        }
      }
    } else {
      b.await(town, DOLT_DATA.toString());
    }
    return new WatchPlan(b.build());
  }

  /** The directories of gt's kinds in this plan. */
  public List<Path> targets() {
    List<Path> out = new ArrayList<>();
    dirs.values().forEach(d -> d.kind().ifPresent(k -> out.add(d.dir())));
    return out;
  }

  /** A single path segment that cannot leave the town or name one of its hidden directories. */
  static boolean plainName(String name) {
    return !name.isEmpty()
        && !name.startsWith(".")
        && name.indexOf('/') < 0
        && name.indexOf('\\') < 0
        && name.indexOf('\0') < 0;
  }

  private static final class Builder {
    private final Path town;
    private final Predicate<Path> isDirectory;
    private final Map<Path, Optional<WatchKind>> kinds = new LinkedHashMap<>();
    private final Map<Path, Set<String>> awaited = new LinkedHashMap<>();
    private final Set<Path> discoverers = new HashSet<>();

    Builder(Path town, Predicate<Path> isDirectory) {
      this.town = town;
      this.isDirectory = isDirectory;
    }

    void target(Path dir, WatchKind kind) {
      if (isDirectory.test(dir)) {
        kinds.put(dir, Optional.of(kind));
        return;
      }
      Path child = dir;
      for (Path p = dir.getParent(); p != null && p.startsWith(town); p = p.getParent()) {
        if (isDirectory.test(p)) {
          await(p, child.getFileName().toString());
          return;
        }
        child = p;
      }
    }

    void await(Path dir, String name) {
      kinds.putIfAbsent(dir, Optional.empty());
      awaited.computeIfAbsent(dir, d -> new HashSet<>()).add(name);
    }

    void discoverer(Path dir) {
      kinds.putIfAbsent(dir, Optional.empty());
      discoverers.add(dir);
    }

    Map<Path, WatchedDir> build() {
      Map<Path, WatchedDir> out = new LinkedHashMap<>();
      kinds.forEach(
          (dir, kind) ->
              out.put(
                  dir,
                  new WatchedDir(
                      dir, kind, awaited.getOrDefault(dir, Set.of()), discoverers.contains(dir))));
      return out;
    }
  }
}
