package io.gastown.testkit.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Kubernetes API stand-in: fabric8's mock server in CRUD mode on loopback, with the project's
 * CRDs created through the API (so, as on a real server, the status subresource comes from the
 * CRD).
 *
 * <p>Known gaps (see shared/reference/test-infrastructure.md): no schema or CEL validation, no
 * server-side apply, no paging, no watch replay from old resourceVersions. Tests must not claim to
 * prove those.
 */
public final class EmbeddedKube implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private EmbeddedKube(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /**
   * Starts on 127.0.0.1 at {@code port} (0: any free port) and creates every CRD found in {@code
   * crdDirs}.
   */
  public static EmbeddedKube start(int port, Path... crdDirs) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    try {
      server.init(InetAddress.getLoopbackAddress(), port);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the embedded Kubernetes API on port " + port, e);
    }
    EmbeddedKube kube = new EmbeddedKube(server);
    for (Path dir : crdDirs) {
      kube.createCrds(dir);
    }
    return kube;
  }

  /** Creates every CRD in a directory of YAML files. */
  public void createCrds(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        createCrd(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CRDs from " + dir, e);
    }
  }

  /** Creates one CRD (as installing it on a cluster would). */
  public void createCrd(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      if (!"CustomResourceDefinition".equals(crd.getKind())) {
        throw new IllegalArgumentException(file + " is not a CustomResourceDefinition");
      }
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CRD " + file, e);
    }
  }

  /** A client of this server; closed with it. */
  public KubernetesClient client() {
    return client;
  }

  /** The server's URL, e.g. http://127.0.0.1:12345. */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** Writes a kubeconfig whose current context points at this server. */
  public Path writeKubeconfig(Path file) {
    String yaml =
        String.join(
            "\n",
            List.of(
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: embedded",
                "  cluster:",
                "    server: " + url(),
                "contexts:",
                "- name: embedded",
                "  context:",
                "    cluster: embedded",
                "    user: embedded",
                "    namespace: default",
                "current-context: embedded",
                "users:",
                "- name: embedded",
                "  user: {}",
                ""));
    try {
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
    return file;
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // fabric8's mock server gives its Vert.x instance 10 s to close and throws when that runs out
      // (seen once on a loaded 2-core machine, after every assertion of the test had passed). The
      // server is a stand-in being thrown away: say so, and let the test's own result stand.
      System.err.println("EmbeddedKube: the mock API server did not close in time: " + e);
    }
  }
}
