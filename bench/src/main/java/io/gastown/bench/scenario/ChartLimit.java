package io.gastown.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The relay chart's container memory limit: the relay's RSS has to fit under it in a cluster. */
final class ChartLimit {
  private ChartLimit() {}

  /** {@code resources.limits.memory} of the chart's values.yaml in MiB, if it says one. */
  static Optional<Long> memoryMib(Path repo) {
    try {
      JsonNode values =
          new ObjectMapper(new YAMLFactory())
              .readTree(repo.resolve("helm/gastown-relay/values.yaml").toFile());
      return parse(values.at("/resources/limits/memory").asText(""));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<Long> parse(String quantity) {
    if (quantity.endsWith("Mi")) {
      return Optional.of(Long.parseLong(quantity.substring(0, quantity.length() - 2)));
    }
    if (quantity.endsWith("Gi")) {
      return Optional.of(Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024);
    }
    return Optional.empty();
  }
}
