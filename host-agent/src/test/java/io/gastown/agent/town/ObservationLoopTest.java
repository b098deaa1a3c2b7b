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
}
