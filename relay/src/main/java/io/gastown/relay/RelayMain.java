package io.gastown.relay;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.LoggerFactory;

/**
 * Wiring only: configuration from the environment and flags, a KubernetesClient from the current
 * context or the in-cluster service account, the relay, and a shutdown hook.
 */
public final class RelayMain {
  private RelayMain() {}

  /**
   * JVM-wide settings that must precede everything else (see {@link AsyncPool}); returns the common
   * pool's parallelism in effect.
   */
  static int prepareJvm() {
    // CompletableFuture picks its default executor once, when first used: this runs first
    int parallelism = AsyncPool.ensureThreadsAreReused();
    if (parallelism < AsyncPool.MIN_PARALLELISM) {
      LoggerFactory.getLogger(RelayMain.class)
          .warn(
              "common pool parallelism is {}: every Kubernetes request will start a thread; drop"
                  + " -D{} from the JVM flags or set it to {} or more",
              parallelism,
              AsyncPool.PARALLELISM,
              AsyncPool.MIN_PARALLELISM);
    }
    return parallelism;
  }

  public static void main(String[] args) throws InterruptedException {
    prepareJvm();
    RelayConfig config;
    try {
      config = RelayConfig.fromEnv(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    Relay relay;
    try {
      relay = Relay.start(config, client);
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      client.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  relay.close();
                  client.close();
                },
                "relay-shutdown"));
    relay.awaitTermination();
  }
}
