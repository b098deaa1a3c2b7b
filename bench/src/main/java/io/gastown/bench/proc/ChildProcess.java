package io.gastown.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A program the harness started (the relay, the host agent), its output in a log file. Every child
 * is also registered with a shutdown hook, so a harness that is interrupted still stops them.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> List.copyOf(LIVE).forEach(ChildProcess::close), "bench-children"));
  }

  private final String name;
  private final Process process;
  private final Path log;
  private final long startedMillis;

  private ChildProcess(String name, Process process, Path log, long startedMillis) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedMillis = startedMillis;
  }

  /**
   * Starts {@code argv} with exactly {@code env}, stdin closed, stdout and stderr into {@code log}.
   */
  public static ChildProcess start(
      String name, List<String> argv, Map<String, String> env, Path cwd, Path log) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long started = System.currentTimeMillis();
    try {
      ChildProcess child = new ChildProcess(name, pb.start(), log, started);
      LIVE.add(child);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + argv, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** Wall-clock time just before the process was started. */
  public long startedMillis() {
    return startedMillis;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM (a JVM runs its shutdown hooks and dumps a flight recording), SIGKILL after 10 s. */
  @Override
  public void close() {
    LIVE.remove(this);
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
