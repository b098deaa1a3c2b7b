package io.gastown.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files of this repository from tests, wherever Maven runs them. */
public final class RepoPaths {
  private RepoPaths() {}

  /** The repository root: the {@code gastown.repo.root} property set by each module's surefire. */
  public static Path root() {
    String configured = System.getProperty("gastown.repo.root");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("scripts")) && Files.exists(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the repository root from " + start);
  }

  /** A path relative to the repository root. */
  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
