package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gastown.agent.HostAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's convoy checks through the whole system: a Convoy over three beads shows 0/3, then 3/3
 * Complete as the stand-in closes them; Close on deletion, refused while beads are open.
 */
class ConvoyEndToEndIT {
  static final String HOST = "laptop";
  static final Duration CONVERGE = Duration.ofSeconds(30);

  @TempDir Path dir;
  TownStack stack;
  HostAgent agent;
  List<String> beads;

  @BeforeEach
  void start() throws Exception {
    stack = TownStack.start(dir, HOST);
    var relay = stack.startRelay("relay-e2e", HOST, false);
    stack.town.addRig("work_rig", "https://example.com/work.git");
    beads =
        List.of(
            stack.town.createBead("work_rig", "harden the login"),
            stack.town.createBead("work_rig", "rate-limit the login"),
            stack.town.createBead("work_rig", "audit the login"));
    agent = stack.startAgent(HOST, relay);
    await().atMost(CONVERGE).until(() -> agent.isResynced("e2e"));
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  void createConvoy(String name, String policy) {
    stack.create(
        TownStack.CONVOYS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Convoy
        metadata: {name: %s, namespace: default}
        spec:
          description: Login hardening
          trackedBeads: [%s]
          merge: mr
          deletionPolicy: %s
        """
            .formatted(name, String.join(", ", beads), policy));
  }

  CrView convoy(String name) {
    return new CrView(stack.get(TownStack.CONVOYS, name));
  }

  long creates() {
    return stack.town.calls().stream()
        .filter(c -> c.size() > 1 && c.get(0).equals("convoy") && c.get(1).equals("create"))
        .count();
  }

  @Test
  void aConvoyOverThreeBeadsShowsZeroOfThreeThenThreeOfThreeCompleteAsTheyClose() {
    createConvoy("login", "Close");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView cv = convoy("login");
              assertThat(cv.field("progress")).as("status %s", cv).isEqualTo("0/3");
              assertThat(cv.field("phase")).isEqualTo("Open");
              assertThat((String) cv.field("convoyID")).startsWith("hq-cv-");
              assertThat(cv.conditionStatus("Ready")).isEqualTo("True");
              assertThat(cv.conditionStatus("HostConnected")).isEqualTo("True");
              assertThat((List<?>) cv.field("tracked")).hasSize(3);
              assertThat(cv.field("startedAt")).isNotNull();
            });
    String id = (String) convoy("login").field("convoyID");

    stack.town.closeBead(beads.get(0));
    await().atMost(CONVERGE).until(() -> "1/3".equals(convoy("login").field("progress")));
    stack.town.closeBead(beads.get(1));
    stack.town.closeBead(beads.get(2));
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView cv = convoy("login");
              assertThat(cv.field("progress")).as("status %s", cv).isEqualTo("3/3");
              assertThat(cv.field("phase")).isEqualTo("Complete");
              assertThat(cv.field("completedAt")).isNotNull();
              @SuppressWarnings("unchecked")
              List<Map<String, Object>> tracked = (List<Map<String, Object>>) cv.field("tracked");
              assertThat(tracked).allSatisfy(t -> assertThat(t).containsEntry("status", "closed"));
            });
    assertThat(creates()).isEqualTo(1);

    stack.crs(TownStack.CONVOYS).inNamespace("default").withName("login").delete();
    await().atMost(CONVERGE).until(() -> stack.get(TownStack.CONVOYS, "login") == null);
    assertThat(stack.town.gt("convoy", "status", id, "--json").stdout())
        .contains("\"status\": \"closed\"");
  }

  @Test
  void closingAConvoyWithOpenBeadsIsRefusedUntilForced() {
    createConvoy("busy", "Close");
    await().atMost(CONVERGE).until(() -> "0/3".equals(convoy("busy").field("progress")));
    String id = (String) convoy("busy").field("convoyID");

    stack.crs(TownStack.CONVOYS).inNamespace("default").withName("busy").delete();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView cv = convoy("busy");
              assertThat(cv.conditionReason("Synced"))
                  .as("status %s", cv)
                  .isEqualTo("CloseRefused");
              assertThat(cv.conditionMessage("Synced")).contains("open issue").contains("force");
            });
    assertThat(stack.get(TownStack.CONVOYS, "busy")).as("the finalizer holds it").isNotNull();

    stack
        .crs(TownStack.CONVOYS)
        .inNamespace("default")
        .withName("busy")
        .edit(
            c -> {
              c.getMetadata().setAnnotations(Map.of("gastown.gastown.io/force-delete", "true"));
              return c;
            });
    await().atMost(CONVERGE).until(() -> stack.get(TownStack.CONVOYS, "busy") == null);
    assertThat(stack.town.gt("convoy", "status", id, "--json").stdout())
        .contains("\"status\": \"closed\"");
  }
}
