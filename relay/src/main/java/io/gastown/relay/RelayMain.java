package io.gastown.relay;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Wiring only: configuration from the environment and flags, a KubernetesClient from the current
 * context or the in-cluster service account, the relay, and a shutdown hook.
 */
public final class RelayMain {
  private RelayMain() {}

  public static void main(String[] args) throws InterruptedException {
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
