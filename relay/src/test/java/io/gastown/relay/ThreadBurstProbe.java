package io.gastown.relay;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.gastown.testkit.kube.EmbeddedKube;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a fresh JVM by {@link AsyncPoolIT}: {@code [relay-start|bare] N}. With {@code relay-start}
 * it first does what {@link RelayMain} does first. Then it makes N requests through a Kubernetes
 * client on the JDK HttpClient (the relay's transport) against the embedded API, with an informer
 * receiving the N watch events they cause, and prints the threads the JVM started meanwhile as
 * {@code threadsStarted=K}.
 */
public final class ThreadBurstProbe {
  private ThreadBurstProbe() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("relay-start")) {
      RelayMain.prepareJvm();
    }
    int n = Integer.parseInt(args[1]);
    try (EmbeddedKube kube = EmbeddedKube.start(0);
        KubernetesClient client =
            new KubernetesClientBuilder()
                // the test classpath also holds fabric8's Vert.x transport; the relay ships the
                // JDK's
                .withHttpClientFactory(new JdkHttpClientFactory())
                .withConfig(
                    new ConfigBuilder().withMasterUrl(kube.url()).withNamespace("default").build())
                .build()) {
      AtomicInteger added = new AtomicInteger();
      client
          .configMaps()
          .inNamespace("default")
          .inform(
              new ResourceEventHandler<ConfigMap>() {
                @Override
                public void onAdd(ConfigMap obj) {
                  added.incrementAndGet();
                }

                @Override
                public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

                @Override
                public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
              });
      // warm up: connections and the informer's watch are open before counting
      create(client, "warm-up");
      await(added, 1);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long before = threads.getTotalStartedThreadCount();
      for (int i = 0; i < n; i++) {
        create(client, "burst-" + i);
      }
      await(added, n + 1);
      System.out.println("threadsStarted=" + (threads.getTotalStartedThreadCount() - before));
    }
  }

  private static void create(KubernetesClient client, String name) {
    client
        .configMaps()
        .inNamespace("default")
        .resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static void await(AtomicInteger count, int target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (count.get() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("saw " + count.get() + " of " + target + " watch events");
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }
}
