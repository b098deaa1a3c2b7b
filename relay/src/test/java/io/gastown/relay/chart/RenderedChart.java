package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.gastown.testkit.RepoPaths;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The relay chart rendered with helm template (helm-java), parsed into manifests. */
record RenderedChart(String yaml, List<JsonNode> manifests) {
  static final String RELEASE = "gastown-relay";
  static final String NAMESPACE = "gastown-system";

  static Helm chart() {
    return new Helm(RepoPaths.resolve("helm/gastown-relay"));
  }

  /** Renders with {@code --set} values; CRDs are left out (they are not templates). */
  static RenderedChart render(Map<String, String> values) {
    TemplateCommand template =
        chart().template().withName(RELEASE).withNamespace(NAMESPACE).skipCrds();
    values.forEach(template::set);
    String yaml = template.call();
    return new RenderedChart(yaml, Yamls.readAll(yaml));
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
}
