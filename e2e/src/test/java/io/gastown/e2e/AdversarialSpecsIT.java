package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.gastown.agent.HostAgent;
import io.gastown.testkit.HostileSpecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adversarial suite: every value of the shared hostile corpus (testkit {@code
 * hostile-specs.json}: option injection, path traversal, shell metacharacters, newlines and control
 * characters, unicode look-alikes, bidi and zero-width characters, oversized values) put into an
 * otherwise valid CR and created through the API.
 *
 * <p>The embedded Kubernetes API does NOT enforce the CRD schema or its CEL rules (a real API
 * server would refuse most of these specs at the door; relay's CelRulesTest and CrdSchemaTest prove
 * that separately). Here every hostile spec reaches the relay and the host agent, so what is proven
 * is the agent's own validation: each one is refused with Synced=False, reason InvalidSpec, and a
 * message naming the field — and the stand-in gt's call log shows that none reached it. A valid Rig
 * is in place, so a Polecat that slipped through would really be slung into it.
 */
class AdversarialSpecsIT {
  private static final String HOST = "laptop";
  private static final String TARGET = "hostile-target";

  @TempDir Path dir;
  SecureStack stack;
  HostAgent agent;

  @BeforeEach
  void start() throws Exception {
    stack = SecureStack.start(dir, List.of(HOST), Map.of());
    agent = stack.start(stack.agent(HOST).token(SecureStack.tokenOf(HOST)));
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.isResynced("e2e"));
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyHostileSpecIsRefusedNamingItsFieldAndNoneReachesGt() {
    stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: hostile-target}
        spec: {gitURL: "https://example.com/target.git", beadsPrefix: hs}
        """);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "True".equals(view(LocalStack.RIGS, TARGET).conditionStatus("Ready")));

    List<HostileSpecs.Entry> corpus = HostileSpecs.all();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
    Map<String, HostileSpecs.Entry> created = new LinkedHashMap<>();
    for (int i = 0; i < corpus.size(); i++) {
      HostileSpecs.Entry e = corpus.get(i);
      String name = "hostile-" + e.kind().toLowerCase() + "-" + i;
      stack.create(context(e), cr(e, name));
      created.put(name, e);
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              List<String> wrong = new ArrayList<>();
              created.forEach(
                  (name, e) -> {
                    if (unroutable(e)) {
                      return;
                    }
                    CrView v = view(context(e), name);
                    if (!v.conditionStatus("Synced").equals("False")
                        || !v.conditionReason("Synced").equals("InvalidSpec")
                        || !v.conditionMessage("Synced").contains(e.field())) {
                      wrong.add(name + " " + e + " -> " + v.condition("Synced").orElse(Map.of()));
                    }
                  });
              assertThat(wrong).as("refused with InvalidSpec naming the field").isEmpty();
            });

    List<List<String>> calls = stack.town.calls();
    assertThat(calls)
        .as("the only change gt was asked for is the valid target rig")
        .filteredOn(AdversarialSpecsIT::changesTheTown)
        .containsExactly(
            List.of(
                "rig",
                "add",
                "hostile_target",
                "https://example.com/target.git",
                "--prefix",
                "hs"));
    for (List<String> argv : calls) {
      for (String arg : argv) {
        for (HostileSpecs.Entry e : created.values()) {
          boolean reached =
              arg.equals(e.value()) || (e.value().length() >= 4 && arg.contains(e.value()));
          assertThat(reached).as("gt argv %s holds %s", argv, e).isFalse();
        }
      }
    }
  }

  private static boolean unroutable(HostileSpecs.Entry e) {
    return e.kind().equals("Polecat") && e.field().equals("spec.rig");
  }

  private static boolean changesTheTown(List<String> argv) {
    return argv.size() > 1
        && !argv.get(0).equals("install") // the stand-in town's own set-up
        && !argv.contains("--json")
        && !(argv.get(0).equals("rig") && argv.get(1).equals("status"))
        && !argv.get(0).equals("version");
  }

  private static io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext context(
      HostileSpecs.Entry e) {
    return switch (e.kind()) {
      case "Rig" -> LocalStack.RIGS;
      case "Polecat" -> LocalStack.POLECATS;
      default -> LocalStack.CONVOYS;
    };
  }

  /** An otherwise valid CR of the entry's kind with the hostile value in its field. */
  private static GenericKubernetesResource cr(HostileSpecs.Entry e, String name) {
    Map<String, Object> spec = new LinkedHashMap<>();
    if (e.kind().equals("Rig")) {
      spec.put("gitURL", "https://example.com/" + name + ".git");
      spec.put("beadsPrefix", "hs");
    } else if (e.kind().equals("Polecat")) {
      spec.put("rig", TARGET);
      spec.put("beadID", "hs-abc12");
      spec.put("subject", "A fine subject");
    } else {
      spec.put("description", "A fine convoy");
      spec.put("trackedBeads", List.of("hs-abc12"));
      spec.put("rig", TARGET);
    }
    spec.put(
        e.specProperty(), e.field().equals("spec.trackedBeads") ? List.of(e.value()) : e.value());
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("gastown.gastown.io/v1alpha1");
    r.setKind(e.kind());
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(e.kind().equals("Rig") ? null : "default")
            .build());
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  private CrView view(
      io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext ctx, String name) {
    return new CrView(
        ctx.isNamespaceScoped()
            ? stack.crs(ctx).inNamespace("default").withName(name).get()
            : stack.crs(ctx).withName(name).get());
  }
}
