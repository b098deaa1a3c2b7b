package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gastown.agent.HostAgent;
import io.gastown.relay.Relay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's claim checks through the whole system: two hosts (two agents with their own ids and
 * tokens, working one stand-in town) race for ten local Automatons, through one relay and through
 * two relay replicas over one API; each Automaton is claimed exactly once and its bead slung
 * exactly once, progress shows in one condition of ours, and the owner's fields stay.
 */
class AutomatonClaimIT {
  static final Duration CONVERGE = Duration.ofSeconds(45);
  static final String A = "laptop-a";
  static final String B = "laptop-b";
  static final String CONDITION = "GastownLocalExecution";

  @TempDir Path dir;
  TownStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  List<String> tenBeads() {
    stack.town.addRig("work_rig", "https://example.com/work.git");
    List<String> beads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      beads.add(stack.town.createBead("work_rig", "automated task " + i));
    }
    return beads;
  }

  void createAutomaton(String name, String bead) {
    stack.create(
        TownStack.AUTOMATONS,
        """
        apiVersion: olympus.io/v1alpha1
        kind: Automaton
        metadata: {name: %s, namespace: default}
        spec: {executionMode: local, rig: work-rig, beadID: %s, schedule: "owner's own field"}
        """
            .formatted(name, bead));
    GenericKubernetesResource a = stack.get(TownStack.AUTOMATONS, name);
    a.getAdditionalProperties()
        .put(
            "status",
            Map.of(
                "ownerPhase",
                "Queued",
                "conditions",
                List.of(Map.of("type", "Scheduled", "status", "True", "reason", "Owner"))));
    stack.crs(TownStack.AUTOMATONS).inNamespace("default").resource(a).updateStatus();
  }

  String claimOf(String name) {
    Map<String, String> ann = stack.get(TownStack.AUTOMATONS, name).getMetadata().getAnnotations();
    return ann == null ? "" : ann.getOrDefault("gastown.gastown.io/claimed-by", "");
  }

  void raceForTen(Relay relayOfA, Relay relayOfB, boolean singleStatusWriter) throws Exception {
    List<String> beads = tenBeads();
    HostAgent a = stack.startAgent(A, relayOfA, "maxAutomatons: 10");
    HostAgent b = stack.startAgent(B, relayOfB, "maxAutomatons: 10");
    await().atMost(CONVERGE).until(() -> a.isResynced("e2e") && b.isResynced("e2e"));
    stack.installAutomatonCrd(); // after the relays started: they notice it
    for (int i = 0; i < 10; i++) {
      createAutomaton("auto-" + i, beads.get(i));
    }

    Map<String, String> holders = new HashMap<>();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              for (int i = 0; i < 10; i++) {
                CrView v = new CrView(stack.get(TownStack.AUTOMATONS, "auto-" + i));
                assertThat(claimOf("auto-" + i)).as("auto-%d claimed", i).isIn(A, B);
                assertThat(v.conditionStatus(CONDITION)).as("auto-%d: %s", i, v).isEqualTo("True");
                assertThat(v.conditionReason(CONDITION)).isEqualTo("Working");
                holders.put("auto-" + i, claimOf("auto-" + i));
              }
            });
    await().pollDelay(Duration.ofSeconds(2)).atMost(CONVERGE).until(() -> true);
    for (int i = 0; i < 10; i++) {
      String name = "auto-" + i;
      assertThat(claimOf(name)).as("the claim never moves").isEqualTo(holders.get(name));
      assertThat(stack.town.slingCount(beads.get(i))).as("%s slung once", name).isEqualTo(1);
      GenericKubernetesResource live = stack.get(TownStack.AUTOMATONS, name);
      CrView v = new CrView(live);
      if (singleStatusWriter) {
        // Only provable with one writer: the embedded API ignores resourceVersion on a /status PUT,
        // so two replicas can lose each other's merge there (a real API server answers 409).
        assertThat(v.field("ownerPhase")).as("the owner's field stays").isEqualTo("Queued");
        assertThat(v.conditionReason("Scheduled")).isEqualTo("Owner");
        assertThat(v.status()).containsOnlyKeys("ownerPhase", "conditions");
      }
      assertThat(v.conditionMessage(CONDITION)).contains(beads.get(i)).contains(holders.get(name));
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) live.getAdditionalProperties().get("spec");
      assertThat(spec).containsEntry("schedule", "owner's own field");
    }
  }

  @Test
  void twoHostsRacingThroughOneRelayClaimEachOfTenAutomatonsExactlyOnce() throws Exception {
    stack = TownStack.start(dir, A, B);
    Relay relay = stack.startRelay("relay-0", null, false);
    raceForTen(relay, relay, true);
  }

  @Test
  void twoHostsRacingThroughTwoRelayReplicasClaimEachOfTenAutomatonsExactlyOnce() throws Exception {
    stack = TownStack.start(dir, A, B);
    Relay one = stack.startRelay("relay-1", null, true);
    Relay two = stack.startRelay("relay-2", null, true);
    raceForTen(one, two, false);
  }

  @Test
  void anAutomatonWithATaskAndNoBeadGetsOneCreatedAndWorked() throws Exception {
    stack = TownStack.start(dir, A);
    Relay relay = stack.startRelay("relay-0", null, false);
    stack.town.addRig("work_rig", "https://example.com/work.git");
    stack.installAutomatonCrd();
    HostAgent a = stack.startAgent(A, relay, "maxAutomatons: 2");
    await().atMost(CONVERGE).until(() -> a.isResynced("e2e"));
    stack.create(
        TownStack.AUTOMATONS,
        """
        apiVersion: olympus.io/v1alpha1
        kind: Automaton
        metadata: {name: from-task, namespace: default}
        spec:
          executionMode: local
          rig: work-rig
          task: {title: Fix the flaky login test, description: LoginIT fails one run in ten.}
        """);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView v = new CrView(stack.get(TownStack.AUTOMATONS, "from-task"));
              assertThat(v.conditionReason(CONDITION)).as("%s", v).isEqualTo("Working");
            });
    List<String> created =
        stack.town.callLog().stream()
            .filter(c -> c.prog().equals("bd") && c.argv().get(0).equals("create"))
            .map(c -> c.argv().toString())
            .toList();
    assertThat(created).hasSize(1);
    assertThat(created.get(0)).contains("--title=Fix the flaky login test");
  }
}
