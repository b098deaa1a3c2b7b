package io.gastown.testkit.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * A tiny kubectl for the embedded API stand-in, used by scripts/run-local.sh where no real cluster
 * exists (kubectl itself cannot talk to the mock server: it lacks discovery and table responses).
 *
 * <pre>
 *   serve --port P --kubeconfig FILE [--crds DIR]...   run the stand-in until killed
 *   apply -f FILE                                        create or update the objects of a YAML file
 *   get KIND NAME [-n NS]                                print an object as YAML
 *   wait KIND NAME [-n NS] [--condition Ready] [--timeout SECONDS]
 *   delete KIND NAME [-n NS]
 * </pre>
 *
 * Client commands use the current context of KUBECONFIG.
 */
public final class DevKubeMain {
  private DevKubeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    List<String> rest = List.of(args).subList(1, args.length);
    switch (args[0]) {
      case "serve" -> serve(rest);
      case "apply" -> withClient(c -> apply(c, Path.of(option(rest, "-f", null))));
      case "get" -> withClient(c -> System.out.println(Serialization.asYaml(get(c, rest).get())));
      case "wait" -> withClient(c -> waitFor(c, rest));
      case "delete" -> withClient(c -> get(c, rest).delete());
      default -> usage();
    }
  }

  private static void serve(List<String> args) throws InterruptedException {
    int port = Integer.parseInt(option(args, "--port", "0"));
    Path kubeconfig = Path.of(option(args, "--kubeconfig", "kubeconfig"));
    List<Path> crdDirs = new ArrayList<>();
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).equals("--crds")) {
        crdDirs.add(Path.of(args.get(i + 1)));
      }
    }
    EmbeddedKube kube = EmbeddedKube.start(port, crdDirs.toArray(Path[]::new));
    kube.writeKubeconfig(kubeconfig);
    System.out.println("embedded Kubernetes API at " + kube.url() + ", kubeconfig " + kubeconfig);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kube.close();
                  stop.countDown();
                }));
    stop.await();
  }

  private static void apply(KubernetesClient client, Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      Object parsed = Serialization.unmarshal(in);
      List<?> items = parsed instanceof List<?> list ? list : List.of(parsed);
      for (Object item : items) {
        GenericKubernetesResource obj =
            Serialization.unmarshal(Serialization.asJson(item), GenericKubernetesResource.class);
        ResourceDefinitionContext ctx = contextFor(client, obj.getKind());
        var op = client.genericKubernetesResources(ctx);
        Resource<GenericKubernetesResource> resource =
            ctx.isNamespaceScoped()
                ? op.inNamespace(namespaceOf(obj)).resource(obj)
                : op.resource(obj);
        GenericKubernetesResource existing = resource.get();
        if (existing == null) {
          resource.create();
          System.out.println(
              obj.getKind().toLowerCase() + "/" + obj.getMetadata().getName() + " created");
        } else {
          obj.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
          resource.update();
          System.out.println(
              obj.getKind().toLowerCase() + "/" + obj.getMetadata().getName() + " configured");
        }
      }
    }
  }

  private static void waitFor(KubernetesClient client, List<String> args)
      throws InterruptedException {
    String condition = option(args, "--condition", "Ready");
    Duration timeout = Duration.ofSeconds(Long.parseLong(option(args, "--timeout", "60")));
    Instant deadline = Instant.now().plus(timeout);
    Resource<GenericKubernetesResource> resource = get(client, args);
    while (Instant.now().isBefore(deadline)) {
      GenericKubernetesResource obj = resource.get();
      if (obj != null && "True".equals(conditionStatus(obj, condition))) {
        System.out.println(Serialization.asYaml(obj.getAdditionalProperties().get("status")));
        return;
      }
      Thread.sleep(200);
    }
    GenericKubernetesResource last = resource.get();
    System.err.println(
        "timed out waiting for "
            + condition
            + "; last status:\n"
            + (last == null
                ? "(object not found)"
                : Serialization.asYaml(last.getAdditionalProperties().get("status"))));
    System.exit(1);
  }

  @SuppressWarnings("unchecked")
  private static String conditionStatus(GenericKubernetesResource obj, String type) {
    Object status = obj.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map)
        || !(map.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    return conditions.stream()
        .map(c -> (Map<String, Object>) c)
        .filter(c -> type.equals(c.get("type")))
        .map(c -> Objects.toString(c.get("status"), null))
        .findFirst()
        .orElse(null);
  }

  private static Resource<GenericKubernetesResource> get(
      KubernetesClient client, List<String> args) {
    if (args.size() < 2) {
      usage();
    }
    ResourceDefinitionContext ctx = contextFor(client, args.get(0));
    NonNamespaceOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> op =
        ctx.isNamespaceScoped()
            ? client.genericKubernetesResources(ctx).inNamespace(option(args, "-n", "default"))
            : client.genericKubernetesResources(ctx);
    return op.withName(args.get(1));
  }

  /** Finds a kind by name, plural or short name among the CRDs the server knows. */
  private static ResourceDefinitionContext contextFor(KubernetesClient client, String kind) {
    String wanted = kind.toLowerCase();
    for (CustomResourceDefinition crd :
        client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
      var names = crd.getSpec().getNames();
      boolean matches =
          wanted.equals(names.getKind().toLowerCase())
              || wanted.equals(names.getPlural())
              || wanted.equals(names.getSingular())
              || (names.getShortNames() != null && names.getShortNames().contains(wanted));
      if (matches) {
        return new ResourceDefinitionContext.Builder()
            .withGroup(crd.getSpec().getGroup())
            .withVersion(crd.getSpec().getVersions().get(0).getName())
            .withKind(names.getKind())
            .withPlural(names.getPlural())
            .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
            .build();
      }
    }
    throw new IllegalArgumentException("unknown kind " + kind);
  }

  private static String namespaceOf(GenericKubernetesResource obj) {
    String ns = obj.getMetadata().getNamespace();
    return ns == null ? "default" : ns;
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    if (i >= 0 && i + 1 < args.size()) {
      return args.get(i + 1);
    }
    if (fallback == null) {
      usage();
    }
    return fallback;
  }

  private interface ClientCommand {
    void run(KubernetesClient client) throws Exception;
  }

  private static void withClient(ClientCommand command) throws Exception {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      command.run(client);
    }
  }

  private static void usage() {
    System.err.println(
        "usage: dev-kube serve --port P --kubeconfig FILE [--crds DIR]... | apply -f FILE | get KIND NAME [-n NS]"
            + " | wait KIND NAME [-n NS] [--condition C] [--timeout S] | delete KIND NAME [-n NS]");
    System.exit(2);
  }
}
