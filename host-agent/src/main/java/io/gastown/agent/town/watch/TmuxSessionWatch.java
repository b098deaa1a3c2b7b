package io.gastown.agent.town.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns that a tmux session of the town started or ended, which no file tells (a crashed or killed
 * polecat session writes nothing). On the town's own tmux server — gt's per-town socket, never the
 * user's default server — it sets one entry of the global {@code session-closed} and {@code
 * session-created} hook arrays, in a slot of its own ({@code [7337]}), to the tmux command {@code
 * wait-for -S gastown-agent-town-changed}, and waits in {@code tmux wait-for} on that channel: one
 * idle tmux client process, woken when a session starts or ends. No shell runs and no process is
 * started by the hook itself; setting the same slot again replaces it, so restarts never pile up
 * copies, and gt's own hooks (per-session {@code pane-died}) are left alone. tmux latches a signal
 * nobody waits for, so a session that ends between two waits is not missed.
 *
 * <p>The hooks live as long as the tmux server. While there is none (no session yet, or gt's server
 * exited with its last session) the watch is dormant: the periodic observation is what notices
 * sessions again, and {@link #sessionsObserved} arms the watch, setting the hooks anew on the new
 * server. On close the agent's slots are removed. Every command is a fixed argv; the socket name is
 * derived from the town path as gt derives it.
 */
public final class TmuxSessionWatch implements AutoCloseable {
  static final String CHANNEL = "gastown-agent-town-changed";
  static final String SLOT = "[7337]";
  static final List<String> HOOKS = List.of("session-closed", "session-created");

  /** A wait that fails sooner than this found no server (or no tmux): not a change. */
  static final long QUICK_FAILURE_NANOS = 1_000_000_000L;

  static final long MIN_REARM_MILLIS = 50;
  static final long MAX_RETRY_MILLIS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(TmuxSessionWatch.class);

  private final List<String> tmux;
  private final Map<String, String> environment;
  private final Path workingDir;
  private final Runnable onChange;
  private final LongSupplier nanoTime;
  private final Thread thread;
  private boolean armWanted;
  private long notBefore;
  private int failures;
  private boolean everArmed;
  private Process waiting;
  private volatile boolean closed;
  private volatile boolean armed;

  /**
   * @param tmuxExecutable the tmux to run
   * @param socket the town's tmux socket name ({@link TmuxSocket#forTown})
   * @param environment the clean environment gt runs with (so tmux finds the same server)
   * @param workingDir the town root
   * @param onChange called on the watch's thread when a session started or ended
   */
  public TmuxSessionWatch(
      String tmuxExecutable,
      String socket,
      Map<String, String> environment,
      Path workingDir,
      Runnable onChange) {
    this(tmuxExecutable, socket, environment, workingDir, onChange, System::nanoTime);
  }

  TmuxSessionWatch(
      String tmuxExecutable,
      String socket,
      Map<String, String> environment,
      Path workingDir,
      Runnable onChange,
      LongSupplier nanoTime) {
    this.tmux = List.of(tmuxExecutable, "-L", socket);
    this.environment = Map.copyOf(environment);
    this.workingDir = workingDir;
    this.onChange = onChange;
    this.nanoTime = nanoTime;
    this.thread = new Thread(this::run, "tmux-watch");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * What the latest observation saw: whether the town's tmux server has sessions. Arms a dormant
   * watch when it does (not sooner than the retry delay after failures). Cheap; never blocks.
   */
  public synchronized void sessionsObserved(boolean anySession) {
    if (anySession && !armed && !armWanted) {
      armWanted = true;
      notifyAll();
    }
  }

  /** Whether a wait is in place on a live server (for tests and health). */
  public boolean armed() {
    return armed;
  }

  /** The argv that sets the hooks and then waits: one tmux client, one round trip. */
  List<String> armAndWaitArgv() {
    List<String> argv = new ArrayList<>(tmux);
    for (String hook : HOOKS) {
      argv.addAll(List.of("set-hook", "-g", hook + SLOT, "wait-for -S " + CHANNEL, ";"));
    }
    argv.addAll(List.of("wait-for", CHANNEL));
    return argv;
  }

  /** The argv that removes the agent's hook slots. */
  List<String> unhookArgv() {
    List<String> argv = new ArrayList<>(tmux);
    for (String hook : HOOKS) {
      if (argv.size() > tmux.size()) {
        argv.add(";");
      }
      argv.addAll(List.of("set-hook", "-gu", hook + SLOT));
    }
    return argv;
  }

  private void run() {
    while (!closed) {
      try {
        awaitArmRequest();
        if (closed) {
          return;
        }
        waitOnce();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void awaitArmRequest() throws InterruptedException {
    while (!closed && (!armWanted || nanoTime.getAsLong() < notBefore)) {
      if (armWanted) {
        wait(Math.max(1, (notBefore - nanoTime.getAsLong()) / 1_000_000));
      } else {
        wait();
      }
    }
  }

  private void waitOnce() throws InterruptedException {
    long started = nanoTime.getAsLong();
    Process p;
    try {
      ProcessBuilder pb =
          new ProcessBuilder(armAndWaitArgv())
              .directory(workingDir.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().clear();
      pb.environment().putAll(environment);
      synchronized (this) {
        if (closed) {
          return;
        }
        p = pb.start();
        waiting = p;
        armed = true;
      }
      p.getOutputStream().close();
    } catch (IOException e) {
      failed("cannot start tmux: " + e.getMessage());
      return;
    }
    String stderr = readBounded(p.getErrorStream());
    int rc = p.waitFor();
    synchronized (this) {
      waiting = null;
      armed = false;
    }
    if (closed) {
      return;
    }
    if (rc == 0) {
      // a session started or ended (or the server exited, which ends them all)
      synchronized (this) {
        failures = 0;
        everArmed = true;
      }
      onChange.run();
      Thread.sleep(MIN_REARM_MILLIS);
      return;
    }
    if (nanoTime.getAsLong() - started >= QUICK_FAILURE_NANOS) {
      onChange.run(); // the wait was in place and the server went: its sessions ended
    }
    failed(stderr.isBlank() ? "tmux exited with " + rc : stderr.strip());
  }

  private synchronized void failed(String why) {
    armWanted = false;
    failures++;
    long retryMillis = Math.min(MAX_RETRY_MILLIS, 1000L << Math.min(failures, 6));
    notBefore = nanoTime.getAsLong() + retryMillis * 1_000_000;
    if (failures == 1 || failures % 10 == 0) {
      LOG.info(
          "tmux session watch dormant ({}); the periodic observation covers session ends", why);
    }
  }

  private static String readBounded(InputStream in) {
    try (in) {
      byte[] b = in.readNBytes(2048);
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return new String(b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    Process p;
    boolean unhook;
    synchronized (this) {
      closed = true;
      p = waiting;
      unhook = everArmed || armed;
      notifyAll();
    }
    if (p != null) {
      p.destroy();
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (unhook) {
      removeHooks();
    }
  }

  private void removeHooks() {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(unhookArgv())
              .directory(workingDir.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().clear();
      pb.environment().putAll(environment);
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // best effort: a leftover slot only latches a channel nobody waits on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
