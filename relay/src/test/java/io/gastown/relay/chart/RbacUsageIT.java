package io.gastown.relay.chart;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.Capacity;
import io.gastown.proto.v1.ClaimDecision;
import io.gastown.proto.v1.ConvoyStatus;
import io.gastown.proto.v1.Event;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.MirrorObject;
import io.gastown.proto.v1.MirrorReport;
import io.gastown.proto.v1.PolecatStatus;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.RigStatus;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.Relay;
import io.gastown.relay.RelayConfig;
import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.ConvoySpec;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.PolecatSpec;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;
import io.gastown.relay.automaton.AutomatonNames;
import io.gastown.relay.mirror.Mirror;
import io.gastown.relay.mirror.MirrorNames;
import io.gastown.relay.session.TokenFile;
import io.gastown.relay.support.FakeAgent;
import io.gastown.relay.support.MockCluster;
import io.gastown.testkit.RepoPaths;
import io.gastown.testkit.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's RBAC is exactly what the relay uses. A relay runs against the mock API server with a
 * client of its own (marked by its User-Agent) through a scenario that exercises every feature that
 * talks to the API — the informers on Rigs, Polecats and Convoys, status writes, the finalizer,
 * Events, per-host Leases, the mirror creating and deleting CRs, and Automaton claims once their
 * CRD appears — and every request it made is turned into an RBAC grant ({@code
 * group/resource:verb}). Those grants must equal the rendered ClusterRole plus Role: nothing the
 * relay needs is missing, and nothing is granted that the relay does not use (but for reads after a
 * write conflict, named below).
 */
class RbacUsageIT {
  private static final String AGENT = "gastown-relay-rbac-probe";
  private static final String HOST = "alpha";
  private static final String LEASES = "gastown-system";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Pattern PATH =
      Pattern.compile(
          "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(?:\\?(.*))?$");

  @TempDir Path dir;

  /**
   * Needed, but only after a status write met a conflict (409): the relay then reads the live CR
   * (Reconciler, KubeWriter.fetch). A scenario cannot time that race, so these are granted on that
   * ground alone.
   */
  private static final Set<String> AFTER_A_CONFLICT =
      Set.of(
          "gastown.gastown.io/rigs:get",
          "gastown.gastown.io/polecats:get",
          "gastown.gastown.io/convoys:get");

  @Test
  void theRenderedRolesGrantExactlyWhatTheRelayUses() throws Exception {
    Set<String> used = exerciseTheRelay();
    RenderedChart chart = RenderedChart.render(Map.of());
    Set<String> granted = new TreeSet<>(grants(chart.get("ClusterRole")));
    granted.addAll(grants(chart.get("Role")));

    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(granted);
    assertEquals(Set.of(), missing, "requests the chart does not grant");
    Set<String> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    unused.removeAll(AFTER_A_CONFLICT);
    assertEquals(Set.of(), unused, "grants the relay never used");
    assertTrue(granted.containsAll(AFTER_A_CONFLICT));
  }

  @Test
  void requestsMapToGrants() {
    assertEquals(
        "gastown.gastown.io/rigs/status:update",
        grant("PUT", "/apis/gastown.gastown.io/v1alpha1/rigs/r1/status"));
    assertEquals(
        "coordination.k8s.io/leases:watch",
        grant(
            "GET",
            "/apis/coordination.k8s.io/v1/namespaces/ns/leases?allowWatchBookmarks=true&watch=true"));
    assertEquals("/events:create", grant("POST", "/api/v1/namespaces/test/events"));
    assertEquals(
        "olympus.io/automatons:list",
        grant("GET", "/apis/olympus.io/v1alpha1/automatons?limit=500"));
  }

  private Set<String> exerciseTheRelay() throws Exception {
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
    Path tokens = Files.write(dir.resolve("tokens"), List.of(TokenFile.line(HOST, "tok")));
    try (MockCluster cluster = new MockCluster();
        KubernetesClient relayClient = probeClient(cluster.client())) {
      NamespacedKubernetesClient kube = cluster.client();
      Relay relay =
          Relay.start(
              RelayConfig.builder()
                  .bindAddress("127.0.0.1")
                  .grpcPort(0)
                  .healthPort(0)
                  .tlsCertFile(certs.relayCert())
                  .tlsKeyFile(certs.relayKey())
                  .tokensFile(tokens)
                  .clusterName("rbac")
                  .relayId("relay-rbac")
                  .defaultHost(HOST)
                  .heartbeatInterval(Duration.ofMillis(1_000))
                  .heartbeatTimeout(Duration.ofMillis(60_000))
                  .hostGrace(Duration.ofMillis(300))
                  .leaseNamespace(LEASES)
                  .mirrorNamespace("test")
                  .automatonRelease(Duration.ofMillis(500))
                  .build(),
              relayClient);
      try (FakeAgent agent = FakeAgent.connect(relay.grpcPort(), certs.caCert(), "tok")) {
        agent.send(
            AgentMessage.newBuilder()
                .setHello(
                    FakeAgent.hello(HOST, 1, 1)
                        .addCapabilities(Mirror.CAPABILITY)
                        .addCapabilities(AutomatonNames.CAPABILITY)
                        .setCapacity(Capacity.newBuilder().setMaxPolecats(5).setMaxAutomatons(5)))
                .build());
        agent.await(RelayMessage::hasResyncEnd);

        Rig rig = rig(kube);
        Polecat polecat = polecat(kube);
        Convoy convoy = convoy(kube);
        await().atMost(WAIT).until(() -> finalized(kube));
        StatusReport.Builder rigReport =
            report(Kind.KIND_RIG, "", "rbac-rig", rig.getMetadata().getUid())
                .setRig(RigStatus.newBuilder().setPhase("Ready"))
                .addEvents(Event.newBuilder().setId("e1").setReason("Added").setMessage("added"));
        agent.report(rigReport);
        agent.report(
            report(Kind.KIND_POLECAT, "test", "rbac-polecat", polecat.getMetadata().getUid())
                .setPolecat(PolecatStatus.newBuilder().setPhase("Working")));
        agent.report(
            report(Kind.KIND_CONVOY, "test", "rbac-convoy", convoy.getMetadata().getUid())
                .setConvoy(ConvoyStatus.newBuilder().setPhase("Open").setConvoyId("hq-cv-rbac1")));
        await().atMost(WAIT).until(() -> statusesWritten(kube));

        mirror(
            agent,
            MirrorObject.newBuilder()
                .setKind(Kind.KIND_POLECAT)
                .setTownName("rbac_rig/nux")
                .setResource(
                    Resource.newBuilder()
                        .setPolecat(
                            io.gastown.proto.v1.PolecatSpec.newBuilder().setBeadId("rb-abc12")))
                .build(),
            MirrorObject.newBuilder()
                .setKind(Kind.KIND_RIG)
                .setTownName("town_rig")
                .setResource(
                    Resource.newBuilder()
                        .setRig(
                            io.gastown.proto.v1.RigSpec.newBuilder()
                                .setGitUrl("https://example.com/town.git")
                                .setBeadsPrefix("tw")))
                .build(),
            MirrorObject.newBuilder()
                .setKind(Kind.KIND_CONVOY)
                .setTownName("hq-cv-town1")
                .setResource(
                    Resource.newBuilder()
                        .setConvoy(
                            io.gastown.proto.v1.ConvoySpec.newBuilder()
                                .setDescription("Town work")
                                .addTrackedBeads("tw-abc12")))
                .build());
        await().atMost(WAIT).until(() -> mirrored(kube) == 3);
        mirror(agent);
        await().atMost(WAIT).until(() -> mirrored(kube) == 0);

        installAutomatonCrd(kube);
        String uid = automaton(kube).getMetadata().getUid();
        RelayMessage offer =
            agent.await(
                m ->
                    m.hasClaimOffer()
                        && m.getClaimOffer().getResource().getRef().getUid().equals(uid));
        agent.send(
            AgentMessage.newBuilder()
                .setClaimDecision(ClaimDecision.newBuilder().setUid(uid).setAccept(true))
                .build());
        agent.await(
            m -> m.hasUpsert() && m.getUpsert().getResource().getRef().getUid().equals(uid));
        agent.report(
            StatusReport.newBuilder()
                .setRef(offer.getClaimOffer().getResource().getRef())
                .setObservedGeneration(1)
                .addConditions(
                    io.gastown.proto.v1.Condition.newBuilder()
                        .setType("Ready")
                        .setStatus(io.gastown.proto.v1.ConditionStatus.CONDITION_STATUS_TRUE)
                        .setReason("Working")
                        .setMessage("slung")));
        await().atMost(WAIT).until(() -> automatonHasStatus(kube));

        kube.resources(Rig.class).withName("rbac-rig").delete();
        agent.await(m -> m.hasUpsert() && m.getUpsert().getResource().getDeletionRequested());
        agent.report(rigReport.clearEvents().setFinalized(true));
        await()
            .atMost(WAIT)
            .until(() -> kube.resources(Rig.class).withName("rbac-rig").get() == null);
      } finally {
        relay.close();
      }
      return grantsOf(cluster);
    }
  }

  private static KubernetesClient probeClient(NamespacedKubernetesClient test) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl(test.getMasterUrl().toString())
                .withNamespace("test")
                .withTrustCerts(true)
                .withUserAgent(AGENT)
                .build())
        .build();
  }

  /** The grants the relay's own requests needed. */
  private static Set<String> grantsOf(MockCluster cluster) throws InterruptedException {
    Set<String> used = new TreeSet<>();
    RecordedRequest r;
    while ((r = cluster.server().takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      String agent = r.getHeader("User-Agent");
      if (agent == null || !agent.contains(AGENT)) {
        continue;
      }
      used.add(grant(r.getMethod(), r.getPath()));
    }
    return used;
  }

  static String grant(String method, String path) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      throw new AssertionError("unexpected request path " + path);
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = m.group(2);
    String name = m.group(3);
    String sub = m.group(4);
    String query = m.group(5) == null ? "" : m.group(5);
    String verb =
        switch (method) {
          case "GET" -> query.contains("watch=true") ? "watch" : name == null ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          default -> throw new AssertionError("unexpected method " + method + " " + path);
        };
    return group + "/" + resource + (sub == null ? "" : "/" + sub) + ":" + verb;
  }

  /** Flattens a role's rules into "group/resource:verb" grants. */
  private static Set<String> grants(JsonNode role) {
    Set<String> out = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            out.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
          }
        }
      }
    }
    return out;
  }

  private static Rig rig(NamespacedKubernetesClient kube) {
    Rig rig = new Rig();
    rig.setMetadata(new ObjectMetaBuilder().withName("rbac-rig").build());
    rig.setSpec(
        new RigSpec("https://example.com/rbac.git", "rb", null, HOST, null, null, "Remove"));
    return kube.resources(Rig.class).resource(rig).create();
  }

  private static Polecat polecat(NamespacedKubernetesClient kube) {
    Polecat p = new Polecat();
    p.setMetadata(new ObjectMetaBuilder().withName("rbac-polecat").withNamespace("test").build());
    p.setSpec(
        new PolecatSpec("rbac-rig", "rb-abc12", "Working", null, "subject", null, null, null));
    return kube.resources(Polecat.class).resource(p).create();
  }

  private static Convoy convoy(NamespacedKubernetesClient kube) {
    Convoy c = new Convoy();
    c.setMetadata(new ObjectMetaBuilder().withName("rbac-convoy").withNamespace("test").build());
    c.setSpec(
        new ConvoySpec(
            "Release", List.of("rb-abc12"), "rbac-rig", null, null, null, null, null, "Close"));
    return kube.resources(Convoy.class).resource(c).create();
  }

  private static StatusReport.Builder report(Kind kind, String namespace, String name, String uid) {
    return StatusReport.newBuilder()
        .setRef(
            ResourceRef.newBuilder()
                .setKind(kind)
                .setNamespace(namespace)
                .setName(name)
                .setUid(uid))
        .setObservedGeneration(1);
  }

  /** The finalizer is on all three: the relay updated each resource. */
  private static boolean finalized(NamespacedKubernetesClient kube) {
    return !finalizers(kube.resources(Rig.class).withName("rbac-rig").get()).isEmpty()
        && !finalizers(
                kube.resources(Polecat.class).inNamespace("test").withName("rbac-polecat").get())
            .isEmpty()
        && !finalizers(
                kube.resources(Convoy.class).inNamespace("test").withName("rbac-convoy").get())
            .isEmpty();
  }

  private static List<String> finalizers(io.fabric8.kubernetes.api.model.HasMetadata r) {
    return r == null ? List.of() : r.getMetadata().getFinalizers();
  }

  private static boolean statusesWritten(NamespacedKubernetesClient kube) {
    return kube.resources(Rig.class).withName("rbac-rig").get().getStatus() != null
        && kube.resources(Polecat.class)
                .inNamespace("test")
                .withName("rbac-polecat")
                .get()
                .getStatus()
            != null
        && kube.resources(Convoy.class)
                .inNamespace("test")
                .withName("rbac-convoy")
                .get()
                .getStatus()
            != null;
  }

  private static void mirror(FakeAgent agent, MirrorObject... objects) {
    // a complete report: objects missing from it are deleted
    agent.send(
        AgentMessage.newBuilder()
            .setMirror(MirrorReport.newBuilder().setComplete(true).addAllObjects(List.of(objects)))
            .build());
  }

  /** CRs the mirror made (labelled as originating in the town). */
  private static int mirrored(NamespacedKubernetesClient kube) {
    String label = MirrorNames.MIRROR_HOST;
    return kube.resources(Rig.class).withLabel(label).list().getItems().size()
        + kube.resources(Polecat.class)
            .inNamespace("test")
            .withLabel(label)
            .list()
            .getItems()
            .size()
        + kube.resources(Convoy.class)
            .inNamespace("test")
            .withLabel(label)
            .list()
            .getItems()
            .size();
  }

  private static void installAutomatonCrd(NamespacedKubernetesClient kube) throws Exception {
    try (InputStream in =
        Files.newInputStream(
            RepoPaths.resolve("helm/gastown-relay/test-crds/automaton.olympus.io.yaml"))) {
      kube.apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(Serialization.unmarshal(in, CustomResourceDefinition.class))
          .create();
    }
  }

  private static GenericKubernetesResource automaton(NamespacedKubernetesClient kube) {
    GenericKubernetesResource a =
        Serialization.unmarshal(
            """
            apiVersion: olympus.io/v1alpha1
            kind: Automaton
            metadata: {name: rbac-automaton, namespace: test}
            spec: {executionMode: local, rig: rbac-rig, beadID: rb-abc12}
            """,
            GenericKubernetesResource.class);
    return await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () ->
                kube.genericKubernetesResources(AutomatonNames.CONTEXT)
                    .inNamespace("test")
                    .resource(a)
                    .create(),
            x -> x != null);
  }

  private static boolean automatonHasStatus(NamespacedKubernetesClient kube) {
    GenericKubernetesResource a =
        kube.genericKubernetesResources(AutomatonNames.CONTEXT)
            .inNamespace("test")
            .withName("rbac-automaton")
            .get();
    return a != null && a.getAdditionalProperties().get("status") != null;
  }
}
