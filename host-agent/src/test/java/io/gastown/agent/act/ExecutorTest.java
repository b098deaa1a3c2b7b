package io.gastown.agent.act;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.plan.Action;
import io.gastown.agent.plan.Failure;
import io.gastown.agent.plan.ResourceKey;
import io.gastown.agent.testing.FakeGt;
import io.gastown.agent.town.GtErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorTest {
  static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  final FakeGt gt = new FakeGt();
  final ExecutorService pool = Executors.newFixedThreadPool(4);
  final FailureMemory failures =
      new FailureMemory(Clock.fixed(NOW, ZoneOffset.UTC), new SplittableRandom(5));
  volatile CompletableFuture<Object> observation = CompletableFuture.completedFuture(null);
  final Executor executor = new Executor(gt, failures, () -> observation, pool, List.of());
  final List<String> finished = new CopyOnWriteArrayList<>();

  ExecutorTest() {
    executor.onFinished((a, o) -> finished.add(a.name() + ":" + (o.succeeded() ? "ok" : "failed")));
  }

  @AfterEach
  void tearDown() {
    gt.release();
    pool.shutdownNow();
  }

  static Action.AddRig add(String uid, String rig) {
    return new Action.AddRig(new ResourceKey("prod", uid), 1, rig, "https://x/y", "xx", "");
  }

  @Test
  void oneActionPerResourceAtATime() {
    gt.holdMutations();
    assertTrue(executor.trySubmit(add("u1", "a")));
    assertFalse(executor.trySubmit(add("u1", "b")), "same resource");
    assertFalse(executor.trySubmit(add("u2", "a")), "same town rig, other resource");
    assertTrue(executor.trySubmit(add("u3", "c")));
    gt.release();
    await().until(() -> finished.size() == 2);
    assertEquals(2, gt.mutations.size());
  }

  @Test
  void aResourceStaysBusyUntilTheFollowingObservationEnds() {
    observation = new CompletableFuture<>();
    executor.trySubmit(add("u1", "a"));
    await().until(() -> gt.mutations.size() == 1);
    assertTrue(executor.busy(new ResourceKey("prod", "u1")));
    assertFalse(executor.trySubmit(add("u1", "a")));
    observation.complete(null);
    await().until(() -> !executor.busy(new ResourceKey("prod", "u1")));
    assertEquals(List.of("AddRig:ok"), finished);
  }

  @Test
  void aFailureIsRememberedWithGtsWordsAndABackoff() {
    gt.failNext("Dolt server is not running");
    executor.trySubmit(add("u1", "a"));
    await().until(() -> finished.size() == 1);
    Failure f = failures.get(new ResourceKey("prod", "u1")).orElseThrow();
    assertEquals("AddRig", f.action());
    assertEquals("Dolt server is not running", f.message());
    assertEquals(GtErrors.Kind.OTHER, f.kind());
    assertTrue(f.retryAt().isAfter(NOW));
    executor.trySubmit(add("u1", "a"));
    await().until(() -> finished.size() == 2);
    assertTrue(failures.get(new ResourceKey("prod", "u1")).isEmpty(), "success clears it");
  }

  @Test
  void backoffGrowsWithJitterAndIsCapped() {
    Duration first = failures.delay(1);
    assertTrue(first.toMillis() >= 1000 && first.toMillis() <= 2000, first.toString());
    Duration fifth = failures.delay(5);
    assertTrue(fifth.toMillis() >= 16_000 && fifth.toMillis() <= 32_000, fifth.toString());
    Duration many = failures.delay(100);
    assertTrue(many.toMillis() >= 150_000 && many.toMillis() <= 300_000, many.toString());
  }
}
