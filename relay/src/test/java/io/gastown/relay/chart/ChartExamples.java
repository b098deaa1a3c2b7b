package io.gastown.relay.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The values files of the recipes in docs/operations.md: helm/gastown-relay/examples/*.yaml. */
final class ChartExamples {
  private ChartExamples() {}

  static List<Path> files() {
    try (Stream<Path> files = Files.list(RenderedChart.chartDir().resolve("examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path file(String name) {
    return RenderedChart.chartDir().resolve("examples").resolve(name);
  }
}
