package io.gastown.relay.support;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.gastown.relay.api.GastownNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;

/**
 * The fabric8 mock API server in CRUD mode on 127.0.0.1, with Rig, Polecat and Convoy registered
 * with a status subresource (as the chart's CRDs declare them).
 */
public final class MockCluster implements AutoCloseable {
  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;

  public MockCluster() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(
                List.of(
                    crd("Rig", "rigs", "Cluster"),
                    crd("Polecat", "polecats", "Namespaced"),
                    crd("Convoy", "convoys", "Namespaced"))),
            false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    client = server.createClient();
  }

  private static CustomResourceDefinitionContext crd(String kind, String plural, String scope) {
    return new CustomResourceDefinitionContext.Builder()
        .withGroup(GastownNames.GROUP)
        .withVersion(GastownNames.VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withName(plural + "." + GastownNames.GROUP)
        .withScope(scope)
        .withStatusSubresource(true)
        .build();
  }

  /** The mock server itself, e.g. to read the requests it received. */
  public KubernetesMockServer server() {
    return server;
  }

  /** A client of the mock, default namespace "test". */
  public NamespacedKubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
