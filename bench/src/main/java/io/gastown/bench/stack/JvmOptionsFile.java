package io.gastown.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JVM options file as scripts/install-host-agent.sh does: one option per line (or several
 * separated by spaces), {@code #} to the end of a line is a comment.
 */
final class JvmOptionsFile {
  private JvmOptionsFile() {}

  static List<String> read(Path file) {
    try {
      List<String> options = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int hash = line.indexOf('#');
        String text = hash < 0 ? line : line.substring(0, hash);
        for (String word : text.trim().split("\\s+")) {
          if (!word.isEmpty()) {
            options.add(word);
          }
        }
      }
      return List.copyOf(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JVM options in " + file, e);
    }
  }
}
