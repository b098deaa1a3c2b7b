package io.gastown.relay;

import java.util.concurrent.ForkJoinPool;

/**
 * Gives {@code CompletableFuture}'s default executor real threads before anything uses it.
 *
 * <p>The JDK's HttpClient (fabric8's transport here) completes every response of {@code sendAsync}
 * through {@code CompletableFuture}'s default executor, whatever executor the client itself was
 * given (JDK 17 {@code HttpClientImpl.sendAsync}: {@code whenCompleteAsync(.., ASYNC_POOL)}). That
 * executor is the common ForkJoinPool only when its parallelism is at least 2; with fewer than 3
 * CPUs (parallelism = CPUs - 1) it is {@code ThreadPerTaskExecutor}: a new thread for every request
 * the relay makes (status writes, Events, Leases, mirror writes) — 3,847 threads in a 123 s
 * benchmark on 2 cores. Handing fabric8 a bounded HttpClient executor does not change that hop
 * (measured: still one thread per request). The executor is chosen once, when {@code
 * CompletableFuture} is initialised, from the system property below, so this must run first in
 * {@code main}.
 */
public final class AsyncPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /** The smallest parallelism at which CompletableFuture uses the common pool. */
  static final int MIN_PARALLELISM = 2;

  private AsyncPool() {}

  /**
   * Raises the common pool's parallelism to {@link #MIN_PARALLELISM} unless the JVM's flags set it;
   * returns the parallelism in effect (less than 2 only if something initialised the pool before
   * this call, or the flags asked for it).
   */
  public static int ensureThreadsAreReused() {
    if (System.getProperty(PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() - 1 < MIN_PARALLELISM) {
      System.setProperty(PARALLELISM, Integer.toString(MIN_PARALLELISM));
    }
    return ForkJoinPool.getCommonPoolParallelism();
  }
}
