package io.gastown.relay.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gastown.testkit.RepoPaths;
import java.util.ArrayList;
import java.util.List;

/** One CustomResourceDefinition file of the repository, read as a tree. */
record Crd(String file, ObjectNode definition) {
  static final String CHART_CRDS = "helm/gastown-relay/crds/";
  static final String TEST_CRDS = "helm/gastown-relay/test-crds/";

  static Crd rig() {
    return load(CHART_CRDS + "rigs.gastown.gastown.io.yaml");
  }

  static Crd polecat() {
    return load(CHART_CRDS + "polecats.gastown.gastown.io.yaml");
  }

  static Crd convoy() {
    return load(CHART_CRDS + "convoys.gastown.gastown.io.yaml");
  }

  static Crd automaton() {
    return load(TEST_CRDS + "automaton.olympus.io.yaml");
  }

  /** The three CRDs the chart installs plus the test CRD of the Automaton. */
  static List<Crd> all() {
    return List.of(rig(), polecat(), convoy(), automaton());
  }

  static Crd load(String relative) {
    return new Crd(relative, Yamls.read(RepoPaths.resolve(relative)));
  }

  String kind() {
    return definition.path("spec").path("names").path("kind").asText();
  }

  /** The only served version (v1alpha1). */
  JsonNode version() {
    return definition.path("spec").path("versions").path(0);
  }

  ObjectNode openApiSchema() {
    return (ObjectNode) version().path("schema").path("openAPIV3Schema");
  }

  List<JsonNode> printerColumns() {
    List<JsonNode> columns = new ArrayList<>();
    version().path("additionalPrinterColumns").forEach(columns::add);
    return columns;
  }

  @Override
  public String toString() {
    return kind();
  }
}
