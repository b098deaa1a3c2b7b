package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.testkit.RepoPaths;
import io.gastown.testkit.kube.EmbeddedKube;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRD files load as fabric8 CustomResourceDefinitions (as the e2e stack and dev-kube load them)
 * and the documented examples can be created against them.
 */
class CrdInstallTest {
  @Test
  void crdsInstallIntoTheEmbeddedApiAndTheExamplesCanBeCreated() {
    try (EmbeddedKube kube =
        EmbeddedKube.start(
            0, RepoPaths.resolve(Crd.CHART_CRDS), RepoPaths.resolve(Crd.TEST_CRDS))) {
      List<String> names =
          kube.client().apiextensions().v1().customResourceDefinitions().list().getItems().stream()
              .map(crd -> crd.getMetadata().getName())
              .sorted()
              .toList();
      assertEquals(
          List.of(
              "automatons.olympus.io",
              "convoys.gastown.gastown.io",
              "polecats.gastown.gastown.io",
              "rigs.gastown.gastown.io"),
          names);
      for (String example : List.of("rig", "polecat", "convoy")) {
        GenericKubernetesResource cr = read("docs/examples/" + example + ".yaml");
        GenericKubernetesResource created = kube.client().resource(cr).create();
        assertEquals(cr.getKind(), created.getKind());
        assertEquals(
            cr.getAdditionalProperties().get("spec"),
            created.getAdditionalProperties().get("spec"));
      }
    }
  }

  @Test
  void validationRulesSurviveFabric8Deserialization() throws IOException {
    try (InputStream in =
        Files.newInputStream(
            RepoPaths.resolve(Crd.CHART_CRDS).resolve("polecats.gastown.gastown.io.yaml"))) {
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      var spec =
          crd.getSpec()
              .getVersions()
              .get(0)
              .getSchema()
              .getOpenAPIV3Schema()
              .getProperties()
              .get("spec");
      assertEquals(
          "self == oldSelf",
          spec.getProperties().get("beadID").getXKubernetesValidations().get(0).getRule());
      assertEquals(".baseBranch", spec.getXKubernetesValidations().get(0).getFieldPath());
    }
  }

  private static GenericKubernetesResource read(String file) {
    try (InputStream in = Files.newInputStream(RepoPaths.resolve(file))) {
      return Serialization.unmarshal(in, GenericKubernetesResource.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
