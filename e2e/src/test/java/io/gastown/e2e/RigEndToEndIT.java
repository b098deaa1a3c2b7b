package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gastown.agent.HostAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2's end-to-end checks: the embedded API (no schema enforcement: the agent's own validation
 * is what refuses bad specs here), the relay over TLS with bearer tokens, the host agent, and the
 * stand-in town.
 */
class RigEndToEndIT {
  private static final String HOST = "laptop";
  private static final Duration CONVERGE = Duration.ofSeconds(20);

  @TempDir Path dir;
  LocalStack stack;
  HostAgent agent;

  @BeforeEach
  void start() throws Exception {
    stack = LocalStack.start(dir, HOST);
    agent = stack.startAgent(HOST, LocalStack.tokenOf(HOST));
    await().atMost(CONVERGE).until(() -> agent.isResynced("e2e"));
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aRigCrIsAddedToTheTownAndReportedReadyWithItsPath() {
    stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: demo-rig}
        spec: {gitURL: "https://example.com/demo.git", beadsPrefix: dm}
        """);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView rig = rig("demo-rig");
              assertThat(rig.conditionStatus("Ready")).as("status %s", rig).isEqualTo("True");
              assertThat(rig.conditionStatus("HostConnected")).isEqualTo("True");
              assertThat(rig.field("path"))
                  .isEqualTo(stack.town.root().resolve("demo_rig").toString());
              assertThat(rig.field("rigName")).isEqualTo("demo_rig");
              assertThat(rig.field("host")).isEqualTo(HOST);
              assertThat(((Number) rig.field("observedGeneration")).longValue()).isEqualTo(1L);
            });
    assertThat(stack.town.gt("rig", "list", "--json").stdout()).contains("\"demo_rig\"");
    assertThat(rigAdds()).hasSize(1);
  }

  @Test
  void invalidRigNamesAndUrlsNeverReachGtAndSayWhyInACondition() {
    stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: bad-url}
        spec: {gitURL: "--upload-pack=touch /tmp/pwned", beadsPrefix: bu}
        """);
    stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: bad-name}
        spec: {gitURL: "https://example.com/x.git", beadsPrefix: bn, rigName: "../escape"}
        """);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              CrView badUrl = rig("bad-url");
              assertThat(badUrl.conditionStatus("Ready"))
                  .as("status %s", badUrl)
                  .isEqualTo("False");
              assertThat(badUrl.conditionReason("Ready")).isEqualTo("InvalidSpec");
              assertThat(badUrl.conditionMessage("Ready")).contains("gitURL");
              CrView badName = rig("bad-name");
              assertThat(badName.conditionReason("Ready"))
                  .as("status %s", badName)
                  .isEqualTo("InvalidSpec");
              assertThat(badName.conditionMessage("Ready")).contains("rigName");
            });
    assertThat(rigAdds()).as("no rig add reached gt").isEmpty();
  }

  @Test
  void deletingARigWithTheDefaultPolicyLeavesTheTownUntouched() {
    stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: keep-me}
        spec: {gitURL: "https://example.com/keep.git", beadsPrefix: km}
        """);
    await().atMost(CONVERGE).until(() -> "True".equals(rig("keep-me").conditionStatus("Ready")));

    stack.crs(LocalStack.RIGS).withName("keep-me").delete();

    await()
        .atMost(CONVERGE)
        .until(() -> stack.crs(LocalStack.RIGS).withName("keep-me").get() == null);
    // give the agent a few observation cycles in which it could (wrongly) act on the deletion
    await().pollDelay(Duration.ofSeconds(2)).atMost(CONVERGE).until(() -> true);
    assertThat(stack.town.gt("rig", "list", "--json").stdout()).contains("\"keep_me\"");
    assertThat(stack.town.calls())
        .noneMatch(
            argv -> argv.size() > 1 && argv.get(0).equals("rig") && argv.get(1).equals("remove"));
  }

  @Test
  void aHostPresentingAWrongTokenIsRefused() throws Exception {
    HostAgent intruder = stack.startAgent(HOST, "not-the-token");

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(stack.relayMetrics())
                    .containsPattern("gastown_relay_auth_failures_total(\\{[^}]*\\})? [1-9]"));
    assertThat(intruder.isResynced("e2e")).isFalse();
    assertThat(agent.isResynced("e2e")).as("the rightful agent keeps its session").isTrue();
  }

  private CrView rig(String name) {
    return new CrView(stack.crs(LocalStack.RIGS).withName(name).get());
  }

  private List<List<String>> rigAdds() {
    return stack.town.calls().stream()
        .filter(argv -> argv.size() > 1 && argv.get(0).equals("rig") && argv.get(1).equals("add"))
        .toList();
  }
}
