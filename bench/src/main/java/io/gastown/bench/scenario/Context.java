package io.gastown.bench.scenario;

import io.gastown.bench.Options;
import io.gastown.bench.report.Results;
import io.gastown.bench.stack.Stack;
import java.util.Locale;

/** What every scenario works with. */
public record Context(Stack stack, Rigs rigs, Results results, Options options) {

  /** A progress line on stderr (stdout is the results table). */
  public void log(String format, Object... args) {
    System.err.printf(
        Locale.ROOT,
        "[bench %tT] %s%n",
        System.currentTimeMillis(),
        String.format(Locale.ROOT, format, args));
  }
}
