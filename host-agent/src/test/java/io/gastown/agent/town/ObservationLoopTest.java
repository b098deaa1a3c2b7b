package io.gastown.agent.town;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ObservationLoopTest {
  private final AtomicBoolean failing = new AtomicBoolean(true);
  private final AtomicInteger listings = new AtomicInteger();

  /** A gt whose listings fail while {@link #failing}; every listing is counted. */
  private GtCli gt() {
    return (GtCli)
        Proxy.newProxyInstance(
            GtCli.class.getClassLoader(),
            new Class<?>[] {GtCli.class},
            (proxy, method, args) -> {
              if (method.getName().equals("rigList")) {
                listings.incrementAndGet();
                if (failing.get()) {
                  throw new GtCommandException("gt rig list", 1, "stand-in fault: injected");
                }
              }
              return method.getReturnType() == List.class ? List.of() : null;
            });
  }

  @Test
  void failingObservationsBackOffAndTheIntervalReturnsAfterASuccess() {
    long interval = 40;
    try (ObservationLoop loop =
        new ObservationLoop(
            new TownObserver(gt(), Clock.systemUTC()), Clock.systemUTC(), interval, s -> {})) {
      loop.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> loop.consecutiveFailures() >= 2);
      assertEquals(
          Optional.of("gt rig list failed (exit 1): stand-in fault: injected"), loop.failure());
      int before = listings.get();
      await().pollDelay(Duration.ofMillis(2000)).until(() -> true);
      int during = listings.get() - before;
      // without backoff: 50 cycles in 2 s; with it at most one per 4 intervals on average
      assertTrue(during <= 2000 / (4 * interval) + 2, "gt asked " + during + " times in 2 s");
      assertTrue(during >= 2, "still retrying: " + during);

      failing.set(false);
      await().atMost(Duration.ofSeconds(2)).until(() -> loop.consecutiveFailures() == 0);
      assertEquals(Optional.empty(), loop.failure());
      int recovered = listings.get();
      await().pollDelay(Duration.ofMillis(400)).until(() -> true);
      assertTrue(listings.get() - recovered >= 5, "the interval is back");
    }
  }

  @Test
  void aStormOfChangeSignalsCostsABoundedNumberOfCycles() throws InterruptedException {
    failing.set(false);
    try (ObservationLoop loop =
        new ObservationLoop(
            new TownObserver(gt(), Clock.systemUTC()), Clock.systemUTC(), 60_000, s -> {})) {
      loop.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> loop.cycles() == 1);
      long start = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        loop.townChanged(); // 1,000 signals over ≈ 1 s
        if (i % 10 == 0) {
          Thread.sleep(10);
        }
      }
      long stormMillis = (System.nanoTime() - start) / 1_000_000;
      await().atMost(Duration.ofSeconds(3)).until(() -> loop.changeCycles() >= 1);
      await().pollDelay(Duration.ofMillis(600)).until(() -> true);
      long changeCycles = loop.changeCycles();
      // one per 250 ms gap, plus the first and the one after the last signal
      assertTrue(
          changeCycles <= stormMillis / 250 + 2,
          changeCycles + " change cycles for a " + stormMillis + " ms storm");
      assertEquals(1 + changeCycles, loop.cycles(), "no periodic cycle within 60 s");
    }
  }

  @Test
  void aChangeSignalledDuringACycleGetsACycleOfItsOwn() {
    failing.set(false);
    java.util.concurrent.CountDownLatch inCycle = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger observed = new AtomicInteger();
    try (ObservationLoop loop =
        new ObservationLoop(
            new TownObserver(gt(), Clock.systemUTC()),
            Clock.systemUTC(),
            60_000,
            s -> {
              if (observed.incrementAndGet() == 2) {
                inCycle.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            })) {
      loop.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> observed.get() == 1);
      loop.townChanged();
      await().atMost(Duration.ofSeconds(5)).until(() -> inCycle.getCount() == 0);
      loop.townChanged(); // while the second cycle is still running
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> observed.get() == 3);
      assertEquals(2, loop.changeCycles());
    }
  }

  @Test
  void changeSignalsWaitForTheBackoffWhileGtFails() {
    try (ObservationLoop loop =
        new ObservationLoop(
            new TownObserver(gt(), Clock.systemUTC()), Clock.systemUTC(), 60_000, s -> {})) {
      loop.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> loop.consecutiveFailures() == 1);
      for (int i = 0; i < 100; i++) {
        loop.townChanged();
      }
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      assertEquals(0, loop.changeCycles(), "a broken gt is not asked again before its backoff");
      assertEquals(1, listings.get());
    }
  }
}
