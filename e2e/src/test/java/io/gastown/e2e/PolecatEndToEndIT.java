package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.gastown.agent.HostAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's lifecycle checks through the whole system: the relay over TLS, the agent, the stand-in
 * town and real tmux sessions on gt's per-town socket.
 */
class PolecatEndToEndIT {
  static final String HOST = "laptop";
  static final String RIG = "work_rig";
  static final Duration CONVERGE = Duration.ofSeconds(30);

  @TempDir Path dir;
  LocalStack stack;
  HostAgent agent;
  String bead;

  @BeforeEach
  void start() throws Exception {
    stack = LocalStack.start(dir, HOST);
    agent = stack.startAgent(HOST, LocalStack.tokenOf(HOST));
    createReadyRig(stack);
    bead = stack.town.createBead(RIG, "fix the flaky test");
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static void createReadyRig(LocalStack stack) {
    stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: work-rig}
        spec: {gitURL: "https://example.com/work.git", beadsPrefix: wr}
        """);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "True"
                    .equals(
                        new CrView(stack.crs(LocalStack.RIGS).withName("work-rig").get())
                            .conditionStatus("Ready")));
  }

  static void createPolecat(LocalStack stack, String name, String bead) {
    stack.create(
        LocalStack.POLECATS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Polecat
        metadata: {name: %s, namespace: default}
        spec: {rig: work-rig, beadID: %s, subject: "Fix it", merge: mr}
        """
            .formatted(name, bead));
  }

  static CrView polecat(LocalStack stack, String name) {
    return new CrView(stack.crs(LocalStack.POLECATS).inNamespace("default").withName(name).get());
  }

  @Test
  void aPolecatSlingsItsBeadIntoALiveTmuxSessionAndReportsWhatGtChose() {
    createPolecat(stack, "fixer", bead);

    CrView working = awaitWorking("fixer");
    String name = (String) working.field("polecatName");
    assertThat(name).isNotBlank();
    assertThat(working.field("session")).isEqualTo("wr-" + name);
    assertThat(stack.town.sessionAlive("wr-" + name))
        .as("tmux session on the town socket")
        .isTrue();
    // The worktree comes from gt polecat status, fetched after the plan: a cycle later.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(polecat(stack, "fixer").field("clonePath"))
                    .asString()
                    .contains("/work_rig/polecats/" + name));
    assertThat(stack.town.slingCount(bead)).isEqualTo(1);
    assertThat(stack.town.bead(bead).get("status").asText()).isEqualTo("hooked");
    await().atMost(CONVERGE).until(() -> eventReasons("fixer").contains("Slung"));
  }

  @Test
  void aPolecatWhoseTmuxSessionDiedShowsStalledWithAnEvent() {
    createPolecat(stack, "fragile", bead);
    String session = (String) awaitWorking("fragile").field("session");

    stack.town.killSession(session);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView p = polecat(stack, "fragile");
              assertThat(p.field("phase")).as("status %s", p).isEqualTo("Stalled");
              assertThat(p.field("sessionRunning")).isEqualTo(false);
            });
    await().atMost(CONVERGE).until(() -> eventReasons("fragile").contains("SessionDied"));
    assertThat(stack.town.slingCount(bead))
        .as("a stalled polecat is reported, not re-slung")
        .isEqualTo(1);
  }

  @Test
  void desiredStateIdleStopsTheSession() {
    createPolecat(stack, "sleeper", bead);
    String session = (String) awaitWorking("sleeper").field("session");

    stack
        .crs(LocalStack.POLECATS)
        .inNamespace("default")
        .withName("sleeper")
        .edit(
            p -> {
              specOf(p).put("desiredState", "Idle");
              return p;
            });

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView p = polecat(stack, "sleeper");
              assertThat(p.field("sessionRunning")).as("status %s", p).isEqualTo(false);
              assertThat(p.conditionStatus("Synced")).isEqualTo("True");
            });
    assertThat(stack.town.sessionAlive(session)).isFalse();
    assertThat(stack.town.calls())
        .anyMatch(
            argv -> argv.size() > 1 && argv.get(0).equals("session") && argv.get(1).equals("stop"));
  }

  @Test
  void deletingAPolecatWithUnpushedWorkIsBlockedUntilTheUserForcesIt() {
    createPolecat(stack, "careful", bead);
    String name = (String) awaitWorking("careful").field("polecatName");
    stack.town.setGitState(RIG, name, 2, false);
    Path worktree = stack.town.worktree(RIG, name);

    stack.crs(LocalStack.POLECATS).inNamespace("default").withName("careful").delete();

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView p = polecat(stack, "careful");
              assertThat(p.obj()).as("the finalizer keeps the CR").isNotNull();
              assertThat(p.conditionStatus("Blocked")).as("status %s", p).isEqualTo("True");
            });
    assertThat(worktree).as("work intact").exists();
    assertThat(stack.town.gt("polecat", "list", RIG, "--json").stdout())
        .contains("\"" + name + "\"");
    assertThat(stack.town.calls())
        .filteredOn(
            argv -> argv.size() > 1 && argv.get(0).equals("polecat") && argv.get(1).equals("nuke"))
        .isNotEmpty()
        .allMatch(
            argv -> !argv.contains("--force") && !argv.contains("-f"),
            "never forced without the annotation");

    stack
        .crs(LocalStack.POLECATS)
        .inNamespace("default")
        .withName("careful")
        .edit(
            p -> {
              p.getMetadata().getAnnotations().put("gastown.gastown.io/force-delete", "true");
              return p;
            });

    await()
        .atMost(CONVERGE)
        .until(
            () ->
                stack.crs(LocalStack.POLECATS).inNamespace("default").withName("careful").get()
                    == null);
    assertThat(stack.town.gt("polecat", "list", RIG, "--json").stdout())
        .doesNotContain("\"" + name + "\"");
    assertThat(Files.exists(worktree)).isFalse();
  }

  private CrView awaitWorking(String name) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView p = polecat(stack, name);
              assertThat(p.field("phase")).as("status %s", p).isEqualTo("Working");
              assertThat(p.field("sessionRunning")).isEqualTo(true);
            });
    return polecat(stack, name);
  }

  private List<String> eventReasons(String polecat) {
    return stack.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> polecat.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> specOf(
      io.fabric8.kubernetes.api.model.GenericKubernetesResource p) {
    return (Map<String, Object>) p.getAdditionalProperties().get("spec");
  }
}
