package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bead is slung at most once per Polecat although the agent is killed with SIGKILL while `gt
 * sling` runs and the relay restarts: gt's own state (the hooked bead) and the agent's sling
 * journal are the witnesses.
 */
class SlingIdempotencyIT {
  private static final String HOST = "laptop";

  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void killingTheAgentMidSlingAndRestartingTheRelayNeverSlingsABeadTwice() throws Exception {
    stack = LocalStack.start(dir, HOST);
    Path state = dir.resolve("agent-state");
    Process first = stack.startAgentProcess(HOST, LocalStack.tokenOf(HOST), state);
    PolecatEndToEndIT.createReadyRig(stack);
    List<String> beads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      beads.add(stack.town.createBead(PolecatEndToEndIT.RIG, "task " + i));
    }
    // every sling takes 3 s, so the agent is certainly inside one when it is killed
    stack.town.addFault("sling", "slow", 3, 3000);
    for (int i = 0; i < beads.size(); i++) {
      PolecatEndToEndIT.createPolecat(stack, "worker-" + i, beads.get(i));
    }
    Path journal = state.resolve("sling-journal.json");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> Files.exists(journal) && beads.stream().anyMatch(readQuietly(journal)::contains));

    first.destroyForcibly().waitFor();
    stack.restartRelay();
    stack.startAgentProcess(HOST, LocalStack.tokenOf(HOST), state);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (int i = 0; i < beads.size(); i++) {
                CrView p = PolecatEndToEndIT.polecat(stack, "worker-" + i);
                assertThat(p.field("phase")).as("worker-%d: %s", i, p).isEqualTo("Working");
              }
            });
    // a few more observation cycles in which a duplicate sling would show
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    for (String bead : beads) {
      // every invocation counts, not only those that hooked: gt would treat a repeat as a no-op and
      // hide it
      long invocations =
          stack.town.calls().stream()
              .filter(argv -> !argv.isEmpty() && argv.get(0).equals("sling") && argv.contains(bead))
              .count();
      assertThat(invocations).as("gt sling invocations for %s", bead).isEqualTo(1);
      assertThat(stack.town.slingCount(bead)).as("slings that hooked %s", bead).isEqualTo(1);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
