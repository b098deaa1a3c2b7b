package io.gastown.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gastown.testkit.CliResult;
import io.gastown.testkit.StandInCall;
import io.gastown.testkit.StandInTown;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares every Rig and Polecat CR of one host with the town as gt lists it ({@code gt rig list
 * --json}, {@code gt polecat list --all --json}) and with the stand-in's call log, and says every
 * difference in a sentence. Empty means consistent:
 *
 * <ul>
 *   <li>each Rig is in the town under its gt name, Ready, with the town's path and an up-to-date
 *       observedGeneration, its host connected;
 *   <li>each Working Polecat names a polecat of the town that has its bead hooked, with the town's
 *       phase and session state, an up-to-date observedGeneration, its host connected;
 *   <li>no bead was handed to {@code gt sling} more than once (every invocation that could have
 *       acted counts, not only those that hooked: only the stand-in's faults that act on nothing —
 *       exit1, hang, garbage — are left out), no two CRs name one polecat, and no other polecat
 *       holds a CR's bead.
 * </ul>
 *
 * CRs being deleted are skipped; so are those routed to another host.
 */
final class ConsistencyChecker {
  private static final ObjectMapper JSON = new ObjectMapper();
  // the stand-in's faults that stop a call before it acts (scripts/standin/README.md)
  private static final java.util.Set<String> NO_EFFECT =
      java.util.Set.of("exit1", "hang", "garbage");

  private final KubernetesClient client;
  private final StandInTown town;
  private final String host;

  ConsistencyChecker(KubernetesClient client, StandInTown town, String host) {
    this.client = client;
    this.town = town;
    this.host = host;
  }

  /** Every difference found now; empty when the CRs show the town as it is. */
  List<String> differences() {
    List<String> out = new ArrayList<>();
    JsonNode rigs = list(town.gt("rig", "list", "--json"), "gt rig list");
    JsonNode polecats = list(town.gt("polecat", "list", "--all", "--json"), "gt polecat list");
    Map<String, String> gtRigOfCr = new HashMap<>();
    for (GenericKubernetesResource r :
        client.genericKubernetesResources(LocalStack.RIGS).list().getItems()) {
      gtRigOfCr.put(r.getMetadata().getName(), gtRigName(r));
      if (ours(r)) {
        checkRig(out, r, rigs);
      }
    }
    // the call log is read once per pass: it grows with every observation gt makes
    List<StandInCall> log = town.callLog();
    List<StandInCall> calls =
        log.stream()
            .filter(c -> c.isGt("sling") && c.fault().map(f -> !NO_EFFECT.contains(f)).orElse(true))
            .toList();
    Map<String, Long> hooked = new HashMap<>();
    for (StandInCall c : log) {
      for (String bead : c.slung()) {
        hooked.merge(bead, 1L, Long::sum);
      }
    }
    Map<String, String> polecatOwners = new HashMap<>();
    for (GenericKubernetesResource p :
        client.genericKubernetesResources(LocalStack.POLECATS).inAnyNamespace().list().getItems()) {
      if (p.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String bead = spec(p, "beadID");
      long slings = calls.stream().filter(c -> c.argv().contains(bead)).count();
      if (slings > 1) {
        out.add(who(p) + ": bead " + bead + " was handed to gt sling " + slings + " times");
      }
      String gtRig = gtRigOfCr.get(spec(p, "rig"));
      if (gtRig == null
          || !"Working".equals(Objects.requireNonNullElse(spec(p, "desiredState"), "Working"))) {
        continue;
      }
      checkPolecat(out, p, gtRig, bead, polecats, polecatOwners, hooked.getOrDefault(bead, 0L));
    }
    return out;
  }

  private boolean ours(GenericKubernetesResource r) {
    String h = spec(r, "host");
    return r.getMetadata().getDeletionTimestamp() == null && (h == null || h.equals(host));
  }

  private void checkRig(List<String> out, GenericKubernetesResource r, JsonNode townRigs) {
    String gtName = gtRigName(r);
    CrView v = new CrView(r);
    String who = who(r);
    if (find(townRigs, n -> n.path("name").asText().equals(gtName)) == null) {
      out.add(who + ": gt rig " + gtName + " is not in the town");
    }
    common(out, who, r, v);
    if (!"True".equals(v.conditionStatus("Ready"))) {
      out.add(
          who
              + ": Ready is "
              + v.conditionStatus("Ready")
              + " ("
              + v.conditionMessage("Ready")
              + ")");
    }
    String path = town.root().resolve(gtName).toString();
    if (!path.equals(v.field("path"))) {
      out.add(who + ": status.path is " + v.field("path") + ", the town has " + path);
    }
  }

  private void checkPolecat(
      List<String> out,
      GenericKubernetesResource p,
      String gtRig,
      String bead,
      JsonNode townPolecats,
      Map<String, String> owners,
      long hookedBy) {
    CrView v = new CrView(p);
    String who = who(p);
    common(out, who, p, v);
    String name = Objects.toString(v.field("polecatName"), "");
    for (JsonNode n : townPolecats) {
      if (n.path("issue").asText().equals(bead)
          && !(n.path("rig").asText().equals(gtRig) && n.path("name").asText().equals(name))) {
        out.add(
            who
                + ": polecat "
                + n.path("rig").asText()
                + "/"
                + n.path("name").asText()
                + " of the town also holds bead "
                + bead);
      }
    }
    if (name.isEmpty()) {
      out.add(who + ": no polecatName in its status yet (" + v + ")");
      return;
    }
    String previous = owners.put(gtRig + "/" + name, who);
    if (previous != null) {
      out.add(who + " and " + previous + " both name polecat " + gtRig + "/" + name);
    }
    JsonNode tp =
        find(
            townPolecats,
            n -> n.path("rig").asText().equals(gtRig) && n.path("name").asText().equals(name));
    if (tp == null) {
      out.add(who + ": polecat " + gtRig + "/" + name + " is not in the town");
      return;
    }
    if (!bead.equals(tp.path("issue").asText())) {
      out.add(who + ": polecat " + name + " holds " + tp.path("issue").asText() + ", not " + bead);
    }
    boolean running = tp.path("session_running").asBoolean();
    String state = tp.path("state").asText();
    String expected =
        state.equals("working")
            ? (running ? "Working" : "Stalled")
            : state.substring(0, 1).toUpperCase(Locale.ROOT) + state.substring(1);
    if (!expected.equals(v.field("phase"))) {
      out.add(
          who
              + ": phase "
              + v.field("phase")
              + ", the town says "
              + state
              + (running ? " (session running)" : " (no session)"));
    }
    if (!Objects.equals(running, v.field("sessionRunning"))) {
      out.add(who + ": sessionRunning " + v.field("sessionRunning") + ", the town says " + running);
    }
    if (hookedBy != 1) {
      out.add(who + ": bead " + bead + " was hooked by " + hookedBy + " slings");
    }
  }

  /** What both kinds must show: the generation observed, and the host connected. */
  private static void common(List<String> out, String who, GenericKubernetesResource r, CrView v) {
    Object observed = v.field("observedGeneration");
    long generation = r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
    if (!(observed instanceof Number n) || n.longValue() != generation) {
      out.add(who + ": observedGeneration " + observed + ", generation " + generation);
    }
    if (!"True".equals(v.conditionStatus("HostConnected"))) {
      out.add(who + ": HostConnected is " + v.conditionStatus("HostConnected"));
    }
  }

  static String gtRigName(GenericKubernetesResource rig) {
    String explicit = spec(rig, "rigName");
    return explicit != null && !explicit.isBlank()
        ? explicit
        : rig.getMetadata().getName().replace('-', '_');
  }

  @SuppressWarnings("unchecked")
  private static String spec(GenericKubernetesResource r, String field) {
    Object spec = r.getAdditionalProperties().get("spec");
    Object v = spec instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(field) : null;
    return v == null ? null : v.toString();
  }

  private static String who(GenericKubernetesResource r) {
    String ns = r.getMetadata().getNamespace();
    return r.getKind() + " " + (ns == null ? "" : ns + "/") + r.getMetadata().getName();
  }

  private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> p) {
    for (JsonNode n : array) {
      if (p.test(n)) {
        return n;
      }
    }
    return null;
  }

  private static JsonNode list(CliResult r, String what) {
    if (!r.ok()) {
      throw new IllegalStateException(what + " failed: " + r);
    }
    try {
      JsonNode n = JSON.readTree(r.stdout());
      return n == null || n.isNull() ? JSON.createArrayNode() : n;
    } catch (IOException e) {
      throw new IllegalStateException(what + " printed no JSON: " + r.stdout(), e);
    }
  }
}
