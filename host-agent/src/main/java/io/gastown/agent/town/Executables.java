package io.gastown.agent.town;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an executable the way a shell would, without a shell. */
public final class Executables {
  private Executables() {}

  /**
   * A name containing '/' is a path; any other is looked up in {@code pathVariable}. Empty when
   * nothing executable is found.
   */
  public static Optional<Path> resolve(String nameOrPath, String pathVariable) {
    if (nameOrPath.contains("/")) {
      Path p = Path.of(nameOrPath);
      return Files.isExecutable(p) && Files.isRegularFile(p)
          ? Optional.of(p.toAbsolutePath())
          : Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, nameOrPath);
      if (Files.isExecutable(p) && Files.isRegularFile(p)) {
        return Optional.of(p.toAbsolutePath());
      }
    }
    return Optional.empty();
  }
}
