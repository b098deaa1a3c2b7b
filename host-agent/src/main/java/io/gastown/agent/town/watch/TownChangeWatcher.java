package io.gastown.agent.town.watch;

import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.TownSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The town's change notifications: the files gt writes ({@link TownFileWatcher}) and the starts and
 * ends of its tmux sessions ({@link TmuxSessionWatch}). Each calls {@code onChange}, which asks the
 * observation loop for an early, paced cycle; neither runs gt. Either part that cannot start is
 * logged and left out: the periodic observation still covers everything.
 */
public final class TownChangeWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TownChangeWatcher.class);

  private final Optional<TownFileWatcher> files;
  private final TmuxSessionWatch sessions;

  private TownChangeWatcher(Optional<TownFileWatcher> files, TmuxSessionWatch sessions) {
    this.files = files;
    this.sessions = sessions;
  }

  /**
   * Starts watching.
   *
   * @param town the town root
   * @param tmuxExecutable the tmux to run
   * @param environment the clean environment gt runs with
   * @param onChange called (on a watcher's thread) when the town changed
   */
  public static TownChangeWatcher start(
      Path town, String tmuxExecutable, Map<String, String> environment, Runnable onChange) {
    Optional<TownFileWatcher> files;
    try {
      files = Optional.of(TownFileWatcher.start(town, onChange));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "cannot watch the town's files ({}); changes are seen by the periodic observation only",
          e.getMessage());
      files = Optional.empty();
    }
    TmuxSessionWatch sessions =
        new TmuxSessionWatch(tmuxExecutable, TmuxSocket.forTown(town), environment, town, onChange);
    return new TownChangeWatcher(files, sessions);
  }

  /** Feeds each observation's result: the rigs to watch, and whether tmux has sessions. */
  public void observed(Optional<TownSnapshot> snapshot) {
    if (snapshot.isEmpty()) {
      return;
    }
    TownSnapshot s = snapshot.get();
    files.ifPresent(f -> f.rigsObserved(s.rigs().keySet()));
    boolean anySession =
        s.sessions().stream().anyMatch(x -> x.running())
            || s.rigs().values().stream().anyMatch(TownChangeWatcher::rigHasSessions);
    sessions.sessionsObserved(anySession);
  }

  /** Whether file changes are found only by polling (see {@link TownFileWatcher#polling}). */
  public boolean filesPolled() {
    return files.map(TownFileWatcher::polling).orElse(false);
  }

  /** The directories watched now. */
  public Set<Path> watchedDirs() {
    return files.map(TownFileWatcher::watchedDirs).orElse(Set.of());
  }

  /** Whether the tmux session watch is waiting on a live server. */
  public boolean sessionsArmed() {
    return sessions.armed();
  }

  private static boolean rigHasSessions(RigInfo r) {
    return "running".equals(r.witness()) || "running".equals(r.refinery());
  }

  @Override
  public void close() {
    sessions.close();
    files.ifPresent(TownFileWatcher::close);
  }
}
