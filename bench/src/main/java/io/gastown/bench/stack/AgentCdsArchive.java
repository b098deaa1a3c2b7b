package io.gastown.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host agent's AppCDS archive, made as scripts/install-host-agent.sh makes it: a training run
 * ({@code host-agent cds-training}, offline) of the very jar the benchmark then starts, with the
 * agent's JVM flags and {@code -XX:ArchiveClassesAtExit}. Empty when the run fails, as the
 * installer then installs without one.
 */
final class AgentCdsArchive {
  private AgentCdsArchive() {}

  static Optional<Path> create(Path java, List<String> jvmFlags, Path jar, Path archive, Path log) {
    List<String> argv = new ArrayList<>();
    argv.add(java.toString());
    argv.addAll(jvmFlags);
    argv.add("-XX:ArchiveClassesAtExit=" + archive);
    argv.add("-Xlog:cds=off");
    argv.add("-Xlog:cds+dynamic=off");
    argv.addAll(List.of("-jar", jar.toString(), "cds-training"));
    try {
      Files.deleteIfExists(archive);
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 && Files.size(archive) > 0
          ? Optional.of(archive)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
