package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A copy of the chart whose own values.yaml carries a values file merged over the defaults.
 * helm-java lints a chart with its own values only, so this is how each values combination is
 * linted strictly. The copy keeps the chart's directory name and leaves out what .helmignore
 * excludes.
 */
final class ChartCopy {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> LEFT_OUT = Set.of("test-crds", "examples");

  private ChartCopy() {}

  /** Copies the chart below {@code parent} with {@code valuesFile} merged into its values. */
  static Helm withValues(Path parent, Path valuesFile) {
    Path source = RenderedChart.chartDir();
    Path target = parent.resolve(source.getFileName());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path relative = source.relativize(file);
        if (relative.getNameCount() > 0 && LEFT_OUT.contains(relative.getName(0).toString())) {
          continue;
        }
        Path copy = target.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
      ObjectNode values = (ObjectNode) YAML.readTree(source.resolve("values.yaml").toFile());
      merge(values, YAML.readTree(valuesFile.toFile()));
      YAML.writeValue(target.resolve("values.yaml").toFile(), values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Helm(target);
  }

  /** Helm's merge of a values file over the defaults: maps merge, everything else is replaced. */
  static void merge(ObjectNode into, JsonNode override) {
    for (Map.Entry<String, JsonNode> field : override.properties()) {
      JsonNode existing = into.get(field.getKey());
      if (existing instanceof ObjectNode target && field.getValue().isObject()) {
        merge(target, field.getValue());
      } else {
        into.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }
}
