package io.gastown.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What Linux's /proc says about a process: resident memory and CPU time. */
public final class ProcFs {
  private static final long CLOCK_TICKS = clockTicks();

  private ProcFs() {}

  /** VmRSS of /proc/&lt;pid&gt;/status, in KiB. */
  public static long rssKib(long pid) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }

  /** User plus system CPU time of the process itself (not of its children), in milliseconds. */
  public static long cpuMillis(long pid) {
    // fields after the parenthesised command name: state(3) ... utime(14) stime(15)
    String stat = String.join(" ", read(Path.of("/proc", Long.toString(pid), "stat")));
    return ticksOf(stat) * 1000 / CLOCK_TICKS;
  }

  /**
   * CPU time of each thread of the process, in milliseconds, summed by thread name (the kernel's
   * 15-character {@code comm}; the JVM names native threads after Java threads, and pool threads
   * differ only in a trailing number, which is dropped so a pool counts as one). Threads that ended
   * between two readings are missing from the later one.
   */
  public static java.util.Map<String, Long> threadCpuMillis(long pid) {
    java.util.Map<String, Long> byName = new java.util.TreeMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (var dirs = Files.list(tasks)) {
      for (Path task : dirs.toList()) {
        try {
          String name =
              Files.readString(task.resolve("comm")).trim().replaceAll("[-#]?[0-9]+$", "");
          byName.merge(name, ticksOf(Files.readString(task.resolve("stat"))), Long::sum);
        } catch (IOException e) {
          // the thread ended while we listed: its time is gone with it
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + tasks, e);
    }
    byName.replaceAll((k, ticks) -> ticks * 1000 / CLOCK_TICKS);
    return byName;
  }

  private static long ticksOf(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** The kernel's USER_HZ (getconf CLK_TCK), 100 when it cannot be asked. */
  static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9]+")) {
        return Long.parseLong(out);
      }
    } catch (IOException e) {
      // fall through to the usual value
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
