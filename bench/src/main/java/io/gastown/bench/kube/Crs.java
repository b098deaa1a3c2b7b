package io.gastown.bench.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Writes the project's custom resources as a user would (kubectl apply → an API create). */
public final class Crs {
  public static final String GROUP = "gastown.gastown.io";
  public static final ResourceDefinitionContext RIGS = context("Rig", "rigs", false);
  public static final ResourceDefinitionContext POLECATS = context("Polecat", "polecats", true);

  private final KubernetesClient client;

  public Crs(KubernetesClient client) {
    this.client = client;
  }

  public KubernetesClient client() {
    return client;
  }

  /** A Rig as a user writes it: git URL, beads prefix, optionally gt's rig name. */
  public record RigSpec(String name, String beadsPrefix, String rigName) {
    public RigSpec(String name, String beadsPrefix) {
      this(name, beadsPrefix, "");
    }
  }

  public GenericKubernetesResource createRig(RigSpec rig) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("gitURL", "https://github.com/example/" + rig.name() + ".git");
    spec.put("beadsPrefix", rig.beadsPrefix());
    if (!rig.rigName().isEmpty()) {
      spec.put("rigName", rig.rigName());
    }
    GenericKubernetesResource r = resource("Rig", rig.name(), null, spec);
    return client.genericKubernetesResources(RIGS).resource(r).create();
  }

  /** A Polecat asking for {@code beadID} to be slung in the Rig named {@code rig}. */
  public GenericKubernetesResource createPolecat(
      String namespace, String name, String rig, String beadId) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("rig", rig);
    spec.put("beadID", beadId);
    GenericKubernetesResource r = resource("Polecat", name, namespace, spec);
    return client.genericKubernetesResources(POLECATS).inNamespace(namespace).resource(r).create();
  }

  /** Creates many Rigs with a few concurrent writers; returns once all exist. */
  public void createRigs(List<RigSpec> rigs, int writers) {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (RigSpec r : rigs) {
        done.add(pool.submit(() -> createOnce(r)));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating rigs", e);
    } catch (Exception e) {
      throw new IllegalStateException("creating rigs failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Creates a Rig, retrying a timed-out request (the first may have succeeded: 409 is fine). */
  private void createOnce(RigSpec rig) {
    for (int attempt = 1; ; attempt++) {
      try {
        createRig(rig);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() == 409) {
          return;
        }
        if (attempt >= 3) {
          throw e;
        }
      }
    }
  }

  /** A beads prefix gt accepts ({@code ^[a-z]{2,10}$}) and no other rig of the run has. */
  public static String prefix(String lead, int index) {
    StringBuilder letters = new StringBuilder();
    int n = index;
    for (int i = 0; i < 4; i++) {
      letters.append((char) ('a' + n % 26));
      n /= 26;
    }
    return lead + letters.reverse();
  }

  private static GenericKubernetesResource resource(
      String kind, String name, String namespace, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(GROUP + "/v1alpha1");
    r.setKind(kind);
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP)
        .withVersion("v1alpha1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
