package io.gastown.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JDK's jcmd against a child JVM: full GC, heap occupancy, class histogram. */
public final class Jcmd {
  private static final Pattern GENERATION_USED =
      Pattern.compile(
          "(?m)^\\s*(?:def new|tenured|PSYoungGen|ParOldGen|garbage-first heap)[^\\n]*?used (\\d+)K");

  private Jcmd() {}

  /** Runs a full GC, then returns the heap in use (the live set), in KiB. */
  public static long liveHeapKib(long pid) {
    run(pid, "GC.run");
    return usedKib(run(pid, "GC.heap_info"));
  }

  /** The top of {@code GC.class_histogram}: where the live heap goes. */
  public static String histogramTop(long pid, int lines) {
    return String.join("\n", run(pid, "GC.class_histogram").lines().limit(lines + 3L).toList());
  }

  /** {@code VM.native_memory summary} (the JVM must run with -XX:NativeMemoryTracking=summary). */
  public static String nativeMemory(long pid) {
    return run(pid, "VM.native_memory summary");
  }

  /** Sums the "used" of every heap generation in GC.heap_info output (metaspace excluded). */
  static long usedKib(String heapInfo) {
    Matcher m = GENERATION_USED.matcher(heapInfo);
    long sum = 0;
    boolean found = false;
    while (m.find()) {
      sum += Long.parseLong(m.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("cannot read heap occupancy from:\n" + heapInfo);
    }
    return sum;
  }

  private static String run(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(
                  java.util.stream.Stream.concat(
                          java.util.stream.Stream.of(jcmd.toString(), Long.toString(pid)),
                          java.util.Arrays.stream(command.split(" ")))
                      .toList())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("jcmd " + command + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + jcmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running jcmd", e);
    }
  }
}
