package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.gastown.testkit.RepoPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The relay chart rendered with helm template (helm-java), parsed into manifests. */
record RenderedChart(String yaml, List<JsonNode> manifests) {
  static final String RELEASE = "gastown-relay";
  static final String NAMESPACE = "gastown-system";
  static final String CHART = "helm/gastown-relay";

  static Path chartDir() {
    return RepoPaths.resolve(CHART);
  }

  static Helm chart() {
    return new Helm(chartDir());
  }

  /** Renders with {@code --set} values; CRDs are left out (they are not templates). */
  static RenderedChart render(Map<String, String> values) {
    return render(List.of(), values);
  }

  /** Renders with values files (later ones win) and then {@code --set} values. */
  static RenderedChart render(List<Path> valuesFiles, Map<String, String> values) {
    TemplateCommand template =
        chart().template().withName(RELEASE).withNamespace(NAMESPACE).skipCrds();
    valuesFiles.forEach(template::withValuesFile);
    values.forEach(template::set);
    String yaml = template.call();
    return new RenderedChart(yaml, Yamls.readAll(yaml));
  }

  /** Renders with one of the examples' values files and then {@code --set} values. */
  static RenderedChart example(String file, Map<String, String> values) {
    return render(List.of(ChartExamples.file(file)), values);
  }

  /** The NOTES a user reads after installing with these values (a client-only dry run). */
  static String notes(List<Path> valuesFiles, Map<String, String> values) {
    InstallCommand install =
        chart().install().withName(RELEASE).withNamespace(NAMESPACE).dryRun().clientOnly();
    valuesFiles.forEach(install::withValuesFile);
    values.forEach(install::set);
    return install.call().getOutput();
  }

  List<String> kinds() {
    return manifests.stream().map(m -> m.path("kind").asText()).sorted().toList();
  }

  Optional<JsonNode> find(String kind) {
    return manifests.stream().filter(m -> m.path("kind").asText().equals(kind)).findFirst();
  }

  JsonNode get(String kind) {
    return find(kind).orElseThrow(() -> new NoSuchElementException("no " + kind + " rendered"));
  }

  /** The object of a kind and name. */
  JsonNode get(String kind, String name) {
    return manifests.stream()
        .filter(m -> m.path("kind").asText().equals(kind))
        .filter(m -> m.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + kind + " " + name + " rendered"));
  }

  /** The relay's pod template. */
  JsonNode pod() {
    return get("Deployment").path("spec").path("template").path("spec");
  }

  /** The relay container. */
  JsonNode relayContainer() {
    return pod().path("containers").path(0);
  }
}
