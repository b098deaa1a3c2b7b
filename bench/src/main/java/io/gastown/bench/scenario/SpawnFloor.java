package io.gastown.bench.scenario;

import io.gastown.bench.kube.StatusTracker;
import io.gastown.bench.report.Results;
import io.gastown.bench.report.Row;
import io.gastown.bench.stats.Summary;
import io.gastown.bench.town.GtWrapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor under every "gt invoked" figure: how long a JVM's {@code ProcessBuilder.start()} takes
 * to reach the wrapper's stamp, measured here with a copy of the wrapper that execs {@code
 * /bin/true}. {@code start()} returns once the program has been exec'd (the JDK waits for the exec
 * to succeed), so "start() returned → stamp" is the wrapper's own delay: bash starting before it
 * can take its stamp. That delay is measurement, not product, and is taken off the CR → gt figures
 * (reported both ways).
 */
public final class SpawnFloor {
  private final Context ctx;

  public SpawnFloor(Context ctx) {
    this.ctx = ctx;
  }

  /** Runs the calibration; returns the wrapper's own delay after exec (p50, ms). */
  public double run() {
    Path dir = ctx.stack().work().resolve("calibrate");
    Path log = dir.resolve("exec.log");
    Path wrapper = GtWrapper.write(dir, "gt", Path.of("/bin/true"), log);
    List<Double> samples = new ArrayList<>();
    List<Double> afterExec = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      long[] t = new long[2];
      long pid = spawn(wrapper, t);
      long stamp = stampOf(log, pid);
      samples.add((stamp - t[0]) / 1000.0);
      afterExec.add((stamp - t[1]) / 1000.0);
    }
    // the first spawns warm the JVM up
    Summary s = Summary.of(samples.subList(10, samples.size()));
    Summary w = Summary.of(afterExec.subList(10, afterExec.size()));
    ctx.results().section("spawnFloor").set("millis", Results.json(s));
    ctx.results().section("spawnFloor").set("wrapperDelayAfterExecMillis", Results.json(w));
    ctx.results()
        .row(
            new Row(
                "Floor: JVM spawn → wrapper stamp (included in every CR → gt figure)",
                "n=" + s.n(),
                "p50 "
                    + Results.ms(s.p50())
                    + " / p99 "
                    + Results.ms(s.p99())
                    + "; of it, after exec (bash's own start): p50 "
                    + Results.ms(w.p50()),
                "—",
                "—",
                "—",
                "—"));
    return Math.max(0, w.p50());
  }

  /** Spawns and waits; {@code times} gets the µs before start() and after it returned. */
  private static long spawn(Path wrapper, long[] times) {
    try {
      times[0] = StatusTracker.nowMicros();
      Process p =
          new ProcessBuilder(wrapper.toString())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      times[1] = StatusTracker.nowMicros();
      p.waitFor(10, TimeUnit.SECONDS);
      return p.pid();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long stampOf(Path log, long pid) {
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String[] f = lines.get(i).split(" ");
        if (Long.parseLong(f[0]) == pid) {
          return io.gastown.bench.town.CallJournal.parseMicros(f[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no stamp for pid " + pid);
  }
}
