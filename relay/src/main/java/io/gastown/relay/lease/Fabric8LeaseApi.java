package io.gastown.relay.lease;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.gastown.relay.api.GastownNames;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Per-host Leases in one namespace (the relay's own: the chart's Role grants Leases there only).
 * Every write carries the resourceVersion that was read, so two replicas never overwrite each other
 * blindly.
 */
public final class Fabric8LeaseApi implements LeaseApi {
  /** The Lease of host {@code h} is {@code gastown-host-h} (a host id is a DNS label). */
  public static final String NAME_PREFIX = "gastown-host-";

  static final String HOST_LABEL = GastownNames.GROUP + "/host";
  static final String EPOCH_ANNOTATION = GastownNames.GROUP + "/session-epoch";
  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  private static final String MANAGER = "gastown-relay";

  private final KubernetesClient client;
  private final String namespace;

  public Fabric8LeaseApi(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public Optional<HostLease> get(String host) {
    Lease lease = client.leases().inNamespace(namespace).withName(NAME_PREFIX + host).get();
    return Optional.ofNullable(lease).flatMap(Fabric8LeaseApi::decode);
  }

  @Override
  public HostLease write(HostLease lease) {
    Lease encoded = encode(lease);
    try {
      Lease stored =
          lease.resourceVersion().isEmpty()
              ? client.leases().inNamespace(namespace).resource(encoded).create()
              : client.leases().inNamespace(namespace).resource(encoded).update();
      return decode(stored).orElseThrow();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || (e.getCode() == 404 && !lease.resourceVersion().isEmpty())) {
        throw new LeaseConflict("the Lease of host " + lease.host() + " changed: " + e.getCode());
      }
      throw e;
    }
  }

  @Override
  public AutoCloseable watch(Consumer<HostLease> changed, Consumer<String> deleted) {
    SharedIndexInformer<Lease> informer =
        client
            .leases()
            .inNamespace(namespace)
            .withLabel(MANAGED_BY, MANAGER)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Lease obj) {
                    decode(obj).ifPresent(changed);
                  }

                  @Override
                  public void onUpdate(Lease oldObj, Lease newObj) {
                    decode(newObj).ifPresent(changed);
                  }

                  @Override
                  public void onDelete(Lease obj, boolean deletedFinalStateUnknown) {
                    hostOf(obj).ifPresent(deleted);
                  }
                },
                0);
    return informer::close;
  }

  static Lease encode(HostLease l) {
    Lease lease = new Lease();
    lease.setMetadata(
        new ObjectMetaBuilder()
            .withName(NAME_PREFIX + l.host())
            .withNamespace(null)
            .withLabels(Map.of(MANAGED_BY, MANAGER, HOST_LABEL, l.host()))
            .withAnnotations(Map.of(EPOCH_ANNOTATION, Long.toString(l.epoch())))
            .withResourceVersion(l.resourceVersion().isEmpty() ? null : l.resourceVersion())
            .build());
    LeaseSpec spec = new LeaseSpec();
    spec.setHolderIdentity(l.holder().isEmpty() ? null : l.holder());
    spec.setLeaseDurationSeconds(l.durationSeconds());
    spec.setLeaseTransitions(l.transitions());
    spec.setAcquireTime(time(l.acquiredAt()));
    spec.setRenewTime(time(l.renewedAt()));
    lease.setSpec(spec);
    return lease;
  }

  static Optional<HostLease> decode(Lease lease) {
    Optional<String> host = hostOf(lease);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
    Map<String, String> annotations = lease.getMetadata().getAnnotations();
    long epoch = 0;
    try {
      epoch =
          Long.parseLong(
              annotations == null ? "0" : annotations.getOrDefault(EPOCH_ANNOTATION, "0"));
    } catch (NumberFormatException e) {
      // an edited annotation reads as epoch 0: any session of ours outranks it
    }
    return Optional.of(
        new HostLease(
            host.get(),
            spec.getHolderIdentity() == null ? "" : spec.getHolderIdentity(),
            epoch,
            spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions(),
            spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds(),
            instant(spec.getAcquireTime()),
            instant(spec.getRenewTime()),
            lease.getMetadata().getResourceVersion() == null
                ? ""
                : lease.getMetadata().getResourceVersion()));
  }

  private static Optional<String> hostOf(Lease lease) {
    String name = lease.getMetadata() == null ? null : lease.getMetadata().getName();
    if (name == null || !name.startsWith(NAME_PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(name.substring(NAME_PREFIX.length()));
  }

  private static ZonedDateTime time(Instant t) {
    return t.equals(Instant.EPOCH) ? null : LeaseApi.micros(t).atZone(ZoneOffset.UTC);
  }

  private static Instant instant(ZonedDateTime t) {
    return t == null ? Instant.EPOCH : t.toInstant();
  }
}
