package io.gastown.relay.convert;

import static io.gastown.relay.api.Resources.nz;

import io.gastown.proto.v1.DeletionPolicy;
import io.gastown.proto.v1.PolecatDesiredState;
import io.gastown.proto.v1.Resource;
import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.ConvoySpec;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.PolecatSpec;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.api.Resources;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;
import java.util.List;
import java.util.Map;

/** A CR as the host agent receives it: its spec, generation and deletion state. Pure. */
public final class DesiredConverter {
  private DesiredConverter() {}

  /** The desired resource for {@code host} (the host the relay routed it to). */
  public static Resource toProto(GastownResource<?> cr, String host) {
    Resource.Builder b =
        Resource.newBuilder()
            .setRef(ResourceKey.of(cr).toRef(Resources.uid(cr)))
            .setGeneration(Resources.generation(cr))
            .setResourceVersion(Resources.resourceVersion(cr))
            .setDeletionRequested(Resources.deleting(cr) && Resources.hasFinalizer(cr));
    forward(cr.getMetadata().getAnnotations(), b::putAnnotations, GastownNames.ANNOTATION_PREFIX);
    Map<String, String> labels = cr.getMetadata().getLabels();
    if (labels != null && labels.containsKey(GastownNames.ORIGIN_LABEL)) {
      b.putLabels(GastownNames.ORIGIN_LABEL, nz(labels.get(GastownNames.ORIGIN_LABEL)));
    }
    if (cr instanceof Rig rig) {
      b.setRig(rigSpec(rig.getSpec(), host));
    } else if (cr instanceof Polecat polecat) {
      b.setPolecat(polecatSpec(polecat.getSpec()));
    } else if (cr instanceof Convoy convoy) {
      b.setConvoy(convoySpec(convoy.getSpec()));
    }
    return b.build();
  }

  /** The same resource without the fields that change on every write (for "did it change?"). */
  public static Resource comparable(Resource r) {
    return r.toBuilder().clearResourceVersion().build();
  }

  private interface Put {
    void put(String key, String value);
  }

  private static void forward(Map<String, String> from, Put to, String prefix) {
    if (from == null) {
      return;
    }
    from.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            to.put(k, nz(v));
          }
        });
  }

  static io.gastown.proto.v1.RigSpec rigSpec(RigSpec s, String host) {
    RigSpec spec = s == null ? new RigSpec(null, null, null, null, null, null, null) : s;
    return io.gastown.proto.v1.RigSpec.newBuilder()
        .setGitUrl(nz(spec.gitURL()))
        .setBeadsPrefix(nz(spec.beadsPrefix()))
        .setLocalPath(nz(spec.localPath()))
        .setHost(host)
        .setRigName(nz(spec.rigName()))
        .setBranch(nz(spec.branch()))
        .setDeletionPolicy(
            RigSpec.REMOVE.equals(spec.deletionPolicy())
                ? DeletionPolicy.DELETION_POLICY_REMOVE
                : DeletionPolicy.DELETION_POLICY_RETAIN)
        .build();
  }

  static io.gastown.proto.v1.PolecatSpec polecatSpec(PolecatSpec s) {
    PolecatSpec spec =
        s == null ? new PolecatSpec(null, null, null, null, null, null, null, null) : s;
    return io.gastown.proto.v1.PolecatSpec.newBuilder()
        .setRig(nz(spec.rig()))
        .setBeadId(nz(spec.beadID()))
        .setDesiredState(desiredState(spec.desiredState()))
        .setAgent(nz(spec.agent()))
        .setSubject(nz(spec.subject()))
        .setMessage(nz(spec.message()))
        .setMerge(nz(spec.merge()))
        .setBaseBranch(nz(spec.baseBranch()))
        .build();
  }

  static PolecatDesiredState desiredState(String s) {
    if ("Idle".equals(s)) {
      return PolecatDesiredState.POLECAT_DESIRED_STATE_IDLE;
    }
    if ("Terminated".equals(s)) {
      return PolecatDesiredState.POLECAT_DESIRED_STATE_TERMINATED;
    }
    return PolecatDesiredState.POLECAT_DESIRED_STATE_WORKING;
  }

  static io.gastown.proto.v1.ConvoySpec convoySpec(ConvoySpec s) {
    ConvoySpec spec =
        s == null ? new ConvoySpec(null, null, null, null, null, null, null, null, null) : s;
    List<String> beads = spec.trackedBeads() == null ? List.of() : spec.trackedBeads();
    return io.gastown.proto.v1.ConvoySpec.newBuilder()
        .setDescription(nz(spec.description()))
        .addAllTrackedBeads(beads.stream().map(Resources::nz).toList())
        .setRig(nz(spec.rig()))
        .setHost(nz(spec.host()))
        .setOwner(nz(spec.owner()))
        .setNotify(nz(spec.notifyAddress()))
        .setMerge(nz(spec.merge()))
        .setBaseBranch(nz(spec.baseBranch()))
        .setDeletionPolicy(
            ConvoySpec.CLOSE.equals(spec.deletionPolicy())
                ? DeletionPolicy.DELETION_POLICY_CLOSE
                : DeletionPolicy.DELETION_POLICY_RETAIN)
        .build();
  }
}
