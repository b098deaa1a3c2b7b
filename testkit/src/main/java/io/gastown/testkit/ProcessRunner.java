package io.gastown.testkit;

import java.io.File;
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
import java.util.concurrent.TimeUnit;

/** Runs an argv (never a shell) with a given environment, stdin closed and a timeout. */
final class ProcessRunner {
  private ProcessRunner() {}

  static CliResult run(List<String> argv, Path cwd, Map<String, String> env, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv, e);
    }
    try {
      // One thread per stream: the common pool may have a single worker on two cores.
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()), ProcessRunner::daemon);
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(() -> drain(p.getInputStream()), ProcessRunner::daemon);
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new CliTimeoutException(argv, timeout);
      }
      return new CliResult(p.exitValue(), out.get(), err.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + argv, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read output of " + argv, e.getCause());
    } finally {
      p.destroyForcibly();
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "standin-output");
    t.setDaemon(true);
    t.start();
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
