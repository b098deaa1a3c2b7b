package io.gastown.agent.town;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs gt, bd and tmux the only safe way: an argv list through {@link ProcessBuilder} (no shell),
 * an environment built from scratch (gt refuses to sling when it inherits a polecat's {@code
 * GT_ROLE}), the town root as working directory, stdin closed, a timeout after which the process is
 * killed, and stdout/stderr drained concurrently into bounded buffers so a chatty command can
 * neither block on a full pipe nor exhaust memory.
 */
public final class ProcessRunner implements CommandRunner {
  /** The only variables passed through from the agent's own environment. */
  static final List<String> PASSED_THROUGH =
      List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TMPDIR");

  private static final int STDERR_TAIL_BYTES = 4096;

  private final Path townRoot;
  private final Map<String, String> environment;
  private final Duration timeout;
  private final int maxOutputBytes;
  private final ExecutorService drainers;

  public ProcessRunner(
      Path townRoot, Map<String, String> agentEnv, Duration timeout, int maxOutputBytes) {
    this.townRoot = townRoot;
    this.environment = cleanEnvironment(agentEnv, townRoot);
    this.timeout = timeout;
    this.maxOutputBytes = maxOutputBytes;
    this.drainers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "process-drain");
              t.setDaemon(true);
              return t;
            });
  }

  /** The environment every command gets: the passed-through variables plus GT_TOWN_ROOT. */
  static Map<String, String> cleanEnvironment(Map<String, String> agentEnv, Path townRoot) {
    java.util.HashMap<String, String> env = new java.util.HashMap<>();
    for (String name : PASSED_THROUGH) {
      String v = agentEnv.get(name);
      if (v != null) {
        env.put(name, v);
      }
    }
    env.put("GT_TOWN_ROOT", townRoot.toString());
    return Map.copyOf(env);
  }

  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public ProcessResult run(List<String> argv) {
    return run(argv, townRoot);
  }

  /**
   * As {@link #run(List)}, in {@code workingDir} (inside the town: bd finds a rig's beads from the
   * rig's directory).
   */
  @Override
  public ProcessResult run(List<String> argv, Path workingDir) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
    }
    CompletableFuture<Captured> out = drain(p.getInputStream(), maxOutputBytes, false);
    CompletableFuture<Captured> err = drain(p.getErrorStream(), STDERR_TAIL_BYTES, true);
    boolean timedOut = false;
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      Captured o = out.get(5, TimeUnit.SECONDS);
      Captured e = err.get(5, TimeUnit.SECONDS);
      return new ProcessResult(
          argv,
          timedOut ? -1 : p.exitValue(),
          o.text(),
          e.text(),
          Duration.ofNanos(System.nanoTime() - start),
          timedOut,
          o.truncated());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted running " + argv.get(0), e));
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new UncheckedIOException(new IOException("cannot read output of " + argv.get(0), e));
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  /** Stops the output drainers. */
  public void close() {
    drainers.shutdownNow();
  }

  private static java.io.File nullFile() {
    return new java.io.File(
        System.getProperty("os.name").toLowerCase().startsWith("windows") ? "NUL" : "/dev/null");
  }

  private record Captured(String text, boolean truncated) {}

  /** Reads the stream to its end, keeping its head (or, for stderr, its tail) within the limit. */
  private CompletableFuture<Captured> drain(InputStream in, int limit, boolean keepTail) {
    return CompletableFuture.supplyAsync(
        () -> {
          ByteArrayOutputStream kept = new ByteArrayOutputStream();
          byte[] tail = new byte[keepTail ? limit : 0];
          long total = 0;
          byte[] buf = new byte[8192];
          try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
              if (keepTail) {
                for (int i = 0; i < n; i++) {
                  tail[(int) ((total + i) % limit)] = buf[i];
                }
              } else if (kept.size() < limit) {
                kept.write(buf, 0, Math.min(n, limit - kept.size()));
              }
              total += n;
            }
          } catch (IOException e) {
            // The process was killed or closed its end: keep what was read.
          }
          if (keepTail) {
            return new Captured(tailText(tail, total, limit), total > limit);
          }
          return new Captured(kept.toString(StandardCharsets.UTF_8), total > limit);
        },
        drainers);
  }

  private static String tailText(byte[] ring, long total, int limit) {
    if (total <= limit) {
      return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
    }
    int start = (int) (total % limit);
    byte[] ordered = new byte[limit];
    System.arraycopy(ring, start, ordered, 0, limit - start);
    System.arraycopy(ring, 0, ordered, limit - start, start);
    return new String(ordered, StandardCharsets.UTF_8);
  }
}
