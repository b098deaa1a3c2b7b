package io.gastown.agent.town.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.gastown.agent.town.watch.WatchKind.EventType;
import io.gastown.agent.town.watch.WatchPlan.WatchedDir;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directories real gt writes (see {@link WatchKind}) with the platform's {@link
 * WatchService} — inotify on Linux, a poll elsewhere (macOS: every 2 s, see {@link #polling}) — and
 * calls {@code onChange} when one of them says the town changed. It never runs gt: what changed is
 * for the next observation to find out. The plan of directories is made again when a directory
 * appears or goes and when gt lists other rigs, so rigs and beads databases that come later are
 * watched too; a directory of gt's that appears is itself a change (what was written into it before
 * its watch began is seen by the observation that follows).
 */
public final class TownFileWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TownFileWatcher.class);

  /** Directories gt creates at most this deep at once ({@code .dolt-data/<db>/.dolt/noms}). */
  private static final int MAX_PLAN_PASSES = 6;

  private final Path town;
  private final Runnable onChange;
  private final WatchService service;
  private final boolean polling;
  private final WatchEvent.Modifier[] modifiers;
  private final HeartbeatStates heartbeats = new HeartbeatStates();
  private final Map<WatchKey, WatchedDir> byKey = new HashMap<>();
  private final Map<Path, WatchKey> byDir = new HashMap<>();
  private final Thread thread;
  private Set<String> rigs = Set.of();
  private volatile boolean closed;

  private TownFileWatcher(Path town, Runnable onChange, FileSystem fs) throws IOException {
    this.town = town;
    this.onChange = onChange;
    this.service = fs.newWatchService();
    this.polling = service.getClass().getName().contains("Polling");
    this.modifiers = polling ? highSensitivity() : new WatchEvent.Modifier[0];
    this.thread = new Thread(this::run, "town-watch");
    this.thread.setDaemon(true);
  }

  /** Watches {@code town} until closed; {@code onChange} is called on the watcher's thread. */
  public static TownFileWatcher start(Path town, Runnable onChange) throws IOException {
    TownFileWatcher w = new TownFileWatcher(town, onChange, town.getFileSystem());
    w.replan(false);
    w.thread.start();
    LOG.info(
        "watching {} directories of the town for changes ({})",
        w.watchedDirs().size(),
        w.polling ? "by polling every 2 s: this platform has no file notifications" : "notified");
    return w;
  }

  /** Whether file changes are found by polling (macOS, BSD: the JDK's WatchService polls there). */
  public boolean polling() {
    return polling;
  }

  /** The rigs gt listed in the latest observation: their polecat directories are watched. */
  public void rigsObserved(Collection<String> rigNames) {
    Set<String> now = Set.copyOf(rigNames);
    synchronized (this) {
      if (now.equals(rigs)) {
        return;
      }
      rigs = now;
    }
    replan(false);
  }

  /** The directories watched now (for tests and the log). */
  public synchronized Set<Path> watchedDirs() {
    return Set.copyOf(byDir.keySet());
  }

  private void run() {
    try {
      while (!closed) {
        handle(service.take());
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      LOG.error("watching the town stopped; the periodic observation remains", e);
    }
  }

  private void handle(WatchKey key) {
    WatchedDir dir;
    synchronized (this) {
      dir = byKey.get(key);
    }
    boolean replan = false;
    boolean changed = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW) {
        replan = true;
        changed = true; // events were lost: observe
        continue;
      }
      if (dir == null || !(event.context() instanceof Path entry)) {
        continue;
      }
      String name = entry.toString();
      EventType type = type(event.kind());
      if (type != EventType.MODIFIED && dir.awaits(name)) {
        replan = true;
      }
      if (dir.kind().isPresent() && isChange(dir, name, type)) {
        changed = true;
        LOG.debug("town change: {} {}", type, dir.dir().resolve(name));
      }
    }
    if (!key.reset()) {
      synchronized (this) {
        byKey.remove(key);
        if (dir != null) {
          byDir.remove(dir.dir(), key);
        }
      }
      replan = true;
      changed |= dir != null && dir.kind().isPresent();
    }
    if (replan) {
      changed |= replan(true);
    }
    if (changed) {
      try {
        onChange.run();
      } catch (RuntimeException e) {
        LOG.error("acting on a town change failed", e);
      }
    }
  }

  private boolean isChange(WatchedDir dir, String name, EventType type) {
    WatchKind kind = dir.kind().orElseThrow();
    if (!kind.matters(name, type)) {
      return false;
    }
    if (kind != WatchKind.HEARTBEATS) {
      return true;
    }
    return type == EventType.DELETED
        ? heartbeats.removed(name)
        : heartbeats.written(dir.dir().resolve(name));
  }

  /**
   * Makes the plan again and watches what it names; returns whether a directory of gt's is watched
   * that was not before and {@code newIsChange}. A directory created between the plan and its
   * parent's watch sends no event (gt makes {@code .beads-wisp/config} with one mkdir -p), so the
   * plan is made again after every pass that watched something new, until nothing new appears.
   */
  private synchronized boolean replan(boolean newIsChange) {
    boolean added = false;
    for (int pass = 0; pass < MAX_PLAN_PASSES && !closed; pass++) {
      int before = byDir.size();
      Set<Path> watchedBefore = Set.copyOf(byDir.keySet());
      added |= applyPlan();
      if (byDir.size() == before && byDir.keySet().equals(watchedBefore)) {
        break;
      }
    }
    return added && newIsChange;
  }

  /** One pass: watches what the plan names now; returns whether a directory of gt's is new. */
  private boolean applyPlan() {
    WatchPlan plan = WatchPlan.of(town, rigs, databases(), Files::isDirectory);
    for (Path old : List.copyOf(byDir.keySet())) {
      if (!plan.dirs().containsKey(old)) {
        WatchKey k = byDir.remove(old);
        byKey.remove(k);
        k.cancel();
      }
    }
    boolean added = false;
    for (WatchedDir d : plan.dirs().values()) {
      WatchKey existing = byDir.get(d.dir());
      if (existing != null && existing.isValid()) {
        byKey.put(existing, d);
        continue;
      }
      WatchKey key;
      try {
        key = d.dir().register(service, events(), modifiers);
      } catch (IOException | ClosedWatchServiceException e) {
        continue; // gone again: its parent's watch sees that
      }
      byKey.put(key, d);
      byDir.put(d.dir(), key);
      if (d.kind().isPresent()) {
        if (d.kind().get() == WatchKind.HEARTBEATS) {
          heartbeats.seed(d.dir());
        }
        added = true;
      }
    }
    return added;
  }

  private List<String> databases() {
    List<String> out = new ArrayList<>();
    Path dir = town.resolve(WatchPlan.DOLT_DATA);
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      entries.forEach(e -> out.add(e.getFileName().toString()));
    } catch (IOException e) {
      // gone: the plan waits for it to appear
    }
    return out;
  }

  private static WatchEvent.Kind<?>[] events() {
    return new WatchEvent.Kind<?>[] {ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY};
  }

  private static EventType type(WatchEvent.Kind<?> kind) {
    if (kind == ENTRY_CREATE) {
      return EventType.CREATED;
    }
    return kind == ENTRY_DELETE ? EventType.DELETED : EventType.MODIFIED;
  }

  /**
   * The JDK's polling WatchService looks every 10 s unless asked for its highest sensitivity (2 s);
   * the modifier is JDK-specific (jdk.unsupported), so it is looked up, not linked.
   */
  private static WatchEvent.Modifier[] highSensitivity() {
    try {
      Object high =
          Class.forName("com.sun.nio.file.SensitivityWatchEventModifier")
              .getField("HIGH")
              .get(null);
      return new WatchEvent.Modifier[] {(WatchEvent.Modifier) high};
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new WatchEvent.Modifier[0];
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
