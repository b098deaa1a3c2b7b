package io.gastown.bench;

import io.gastown.bench.report.Machine;
import io.gastown.bench.report.Results;
import io.gastown.bench.scenario.Context;
import io.gastown.bench.scenario.Rigs;
import io.gastown.bench.stack.Stack;
import java.nio.file.Path;

/**
 * {@code scripts/bench.sh}'s harness: parses the flags, starts the stack, runs the scenarios,
 * prints the Markdown table on stdout and writes the JSON (and a copy of the table beside it).
 * Everything it starts is stopped when it ends, also on failure or interruption.
 */
public final class BenchMain {
  /** Held so java.util.logging keeps the level (the mock API logs every request at INFO). */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private BenchMain() {}

  public static void main(String[] args) {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    Path repo = Path.of(System.getProperty("gastown.repo.root", ".")).toAbsolutePath().normalize();
    System.setProperty("gastown.repo.root", repo.toString());
    Options options;
    try {
      options = Options.parse(args, repo);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Results results = new Results(Machine.here(), options.describe());
    long t0 = System.nanoTime();
    int exit = 0;
    try (Stack stack = Stack.start(options)) {
      Context ctx = new Context(stack, new Rigs(stack), results, options);
      ctx.log(
          "stack up in %.1f s (work dir %s)", (System.nanoTime() - t0) / 1e9, options.workDir());
      new Benchmark(ctx).run();
    } catch (RuntimeException e) {
      results.note("the run stopped early: " + e.getMessage());
      e.printStackTrace();
      exit = 1;
    }
    results.section("run").put("seconds", (System.nanoTime() - t0) / 1e9);
    results.section("run").put("loadAverageAtEnd", Machine.loadAverage());
    results.note(
        String.format(
            java.util.Locale.ROOT,
            "run took %.0f s; load average at the end %s",
            (System.nanoTime() - t0) / 1e9,
            Machine.loadAverage()));
    results.write(options.out());
    System.out.println(results.markdown());
    System.err.printf(
        "[bench] %.0f s; results in %s (and .md beside it)%n",
        (System.nanoTime() - t0) / 1e9, options.out());
    System.exit(exit);
  }
}
