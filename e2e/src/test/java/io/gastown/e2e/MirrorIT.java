package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gastown.agent.HostAgent;
import io.gastown.relay.Relay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's mirror checks through the whole system: a rig, a polecat and a convoy made with the
 * stand-in gt directly appear as CRs labelled origin=town within an observation cycle (0.5 s here)
 * plus the relay's write, show the town's status, are never acted on, and vanish when they leave
 * the town.
 */
class MirrorIT {
  static final String HOST = "laptop";
  static final Duration APPEAR = Duration.ofSeconds(5);
  static final Duration CONVERGE = Duration.ofSeconds(30);

  @TempDir Path dir;
  TownStack stack;
  HostAgent agent;

  @BeforeEach
  void start() throws Exception {
    stack = TownStack.start(dir, HOST);
    Relay relay = stack.startRelay("relay-e2e", HOST, false);
    agent = stack.startAgent(HOST, relay, "mirror: true");
    await().atMost(CONVERGE).until(() -> agent.isResynced("e2e"));
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  GenericKubernetesResource rig(String name) {
    return stack.get(TownStack.RIGS, name);
  }

  GenericKubernetesResource polecat(String name) {
    return stack.get(TownStack.POLECATS, name);
  }

  static String origin(GenericKubernetesResource r) {
    return r.getMetadata().getLabels().get("gastown.gastown.io/origin");
  }

  long agentSlings() {
    // the test's own sling is the only one: the agent never slings a mirrored Polecat
    return stack.town.calls().stream().filter(c -> c.get(0).equals("sling")).count();
  }

  @Test
  void aRigAPolecatAndAConvoyMadeWithGtAppearAsCrsAndVanishWhenRemoved() {
    stack.town.addRig("town_rig", "https://example.com/town.git");
    await().atMost(APPEAR).until(() -> rig("town-rig") != null);
    assertThat(origin(rig("town-rig"))).isEqualTo("town");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView v = new CrView(rig("town-rig"));
              assertThat(v.conditionReason("Ready")).as("%s", v).isEqualTo("Mirrored");
              assertThat(v.field("phase")).isEqualTo("Ready");
              assertThat(v.field("path"))
                  .isEqualTo(stack.town.root().resolve("town_rig").toString());
            });

    String bead = stack.town.createBead("town_rig", "made in the town");
    String slung = stack.town.gt("sling", bead, "town_rig").stdout();
    String name = slung.replaceAll("(?s).*Created polecat: (\\S+).*", "$1");
    await().atMost(APPEAR).until(() -> polecat("town-rig-" + name) != null);
    GenericKubernetesResource pc = polecat("town-rig-" + name);
    assertThat(origin(pc)).isEqualTo("town");
    assertThat(pc.getMetadata().getFinalizers()).isEmpty();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView v = new CrView(polecat("town-rig-" + name));
              assertThat(v.field("phase")).as("%s", v).isEqualTo("Working");
              assertThat(v.field("polecatName")).isEqualTo(name);
            });

    String convoy =
        stack
            .town
            .gt("convoy", "create", "Town work", bead)
            .stdout()
            .replaceAll("(?s).*(hq-cv-[a-z0-9]+).*", "$1");
    await().atMost(APPEAR).until(() -> stack.get(TownStack.CONVOYS, convoy) != null);
    await()
        .atMost(CONVERGE)
        .until(
            () -> "0/1".equals(new CrView(stack.get(TownStack.CONVOYS, convoy)).field("progress")));

    stack.town.gt("polecat", "nuke", "town_rig/" + name, "--force");
    await().atMost(APPEAR).until(() -> polecat("town-rig-" + name) == null);
    stack.town.gt("convoy", "close", convoy, "--force");
    await().atMost(APPEAR).until(() -> stack.get(TownStack.CONVOYS, convoy) == null);
    stack.town.gt("rig", "remove", "town_rig");
    await().atMost(APPEAR).until(() -> rig("town-rig") == null);
    assertThat(agentSlings()).isEqualTo(1);
    assertThat(
            stack.town.calls().stream()
                .filter(c -> c.size() > 1 && c.get(0).equals("rig") && c.get(1).equals("add")))
        .as("only the test's own rig add: a mirrored Rig is never added back")
        .hasSize(1);
  }

  @Test
  void aRigWithItsOwnCrIsNotMirroredAndADeletedMirrorComesBackWithoutTouchingTheTown() {
    stack.create(
        TownStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: owned-rig}
        spec: {gitURL: "https://example.com/owned.git", beadsPrefix: ow}
        """);
    await()
        .atMost(CONVERGE)
        .until(() -> "True".equals(new CrView(rig("owned-rig")).conditionStatus("Ready")));
    stack.town.addRig("loose_rig", "https://example.com/loose.git");
    await().atMost(APPEAR).until(() -> rig("loose-rig") != null);
    await().pollDelay(Duration.ofSeconds(1)).atMost(CONVERGE).until(() -> true);
    assertThat(stack.kube.client().genericKubernetesResources(TownStack.RIGS).list().getItems())
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("owned-rig", "loose-rig");

    String uid = rig("loose-rig").getMetadata().getUid();
    stack.crs(TownStack.RIGS).withName("loose-rig").delete();
    await()
        .atMost(CONVERGE)
        .until(
            () -> rig("loose-rig") != null && !rig("loose-rig").getMetadata().getUid().equals(uid));
    assertThat(stack.town.gt("rig", "list", "--json").stdout()).contains("\"loose_rig\"");
    assertThat(stack.town.calls())
        .noneMatch(c -> c.size() > 1 && c.get(0).equals("rig") && c.get(1).equals("remove"));
    assertThat(List.of(origin(rig("loose-rig")))).containsExactly("town");
  }
}
