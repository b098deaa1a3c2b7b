package io.gastown.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JVM options file as scripts/install-host-agent.sh does: one option per line (or several
 * separated by spaces), {@code #} to the end of a line is a comment. The benchmark starts the agent
 * with these options and the installer's test checks the service against them.
 */
public final class JvmOptionsFile {
  /** The host agent's options, as the installer writes them into the service. */
  public static final String HOST_AGENT = "scripts/host-agent-jvm.options";

  private JvmOptionsFile() {}

  public static List<String> read(Path file) {
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
