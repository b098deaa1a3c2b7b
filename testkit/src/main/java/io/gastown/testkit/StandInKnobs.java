package io.gastown.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The stand-in's test files under {@code <town>/.standin/}: {@code config.json} (read by every
 * invocation) and {@code faults.json} (counted down by the invocations it matches, under a POSIX
 * lock on {@code faults.lock} that Java's {@link FileLock} shares with Python's {@code lockf}).
 */
final class StandInKnobs {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  StandInKnobs(Path townRoot) {
    this.dir = townRoot.resolve(".standin");
  }

  void setConfig(String key, Object value) {
    Path file = dir.resolve("config.json");
    ObjectNode config = readObject(file);
    config.set(key, JSON.valueToTree(value));
    writeAtomically(file, config);
  }

  void addFault(ObjectNode rule) {
    withFaultsLock(
        () -> {
          Path file = dir.resolve("faults.json");
          ArrayNode rules =
              Files.exists(file) && read(file).isArray()
                  ? (ArrayNode) read(file)
                  : JSON.createArrayNode();
          rules.add(rule);
          writeAtomically(file, rules);
        });
  }

  void clearFaults() {
    withFaultsLock(() -> writeAtomically(dir.resolve("faults.json"), JSON.createArrayNode()));
  }

  static void writeAtomically(Path file, JsonNode node) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp-java");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static ObjectNode readObject(Path file) {
    if (Files.exists(file) && read(file) instanceof ObjectNode existing) {
      return existing;
    }
    return JSON.createObjectNode();
  }

  private void withFaultsLock(Runnable body) {
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
              FileChannel.open(
                  dir.resolve("faults.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        body.run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + dir.resolve("faults.lock"), e);
    }
  }
}
