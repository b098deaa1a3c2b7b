package io.gastown.relay.session;

import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.DeleteReason;
import io.gastown.proto.v1.DesiredDelete;
import io.gastown.proto.v1.DesiredUpsert;
import io.gastown.proto.v1.Goodbye;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.Heartbeat;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.ProtocolVersion;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResourceRef;
import io.gastown.proto.v1.ResyncBegin;
import io.gastown.proto.v1.ResyncEnd;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.Welcome;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.metrics.ProgressMetrics;
import io.gastown.relay.status.ReportIntake;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host agent's stream. Inbound messages arrive one at a time on gRPC's executor; everything
 * outbound goes through the session's {@link OutboundSender}. Life: Hello → Welcome → resync →
 * live, until the stream ends, a newer session of the host supersedes it, or it falls silent.
 */
final class Session implements StreamObserver<AgentMessage>, HostChannel {
  private static final Logger LOG = LoggerFactory.getLogger(Session.class);

  private static final long CLOCK_SKEW_WARNING_MILLIS = 30_000;

  /** Hello capability of a doctor's probe: check credentials and version, open no session. */
  static final String PROBE_CAPABILITY = "probe";

  private final String host;
  private final Credential credential;
  private final OutboundSender out;
  private final SessionRegistry registry;
  private final ReportIntake intake;
  private final SessionSettings settings;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final long startedNanos = System.nanoTime();
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile boolean handling;
  private volatile long lastHeartbeatNanos = System.nanoTime();
  private volatile boolean helloSeen;
  private volatile boolean live;
  private volatile Set<ResourceKind> kinds = Set.of();
  private volatile Set<String> capabilities = Set.of();
  private volatile io.gastown.proto.v1.Capacity capacity =
      io.gastown.proto.v1.Capacity.getDefaultInstance();
  private volatile long epoch;
  private volatile long localEpoch;

  Session(
      Credential credential,
      OutboundSender out,
      SessionRegistry registry,
      ReportIntake intake,
      SessionSettings settings) {
    this.host = credential.host();
    this.credential = credential;
    this.out = out;
    this.registry = registry;
    this.intake = intake;
    this.settings = settings;
  }

  @Override
  public void onNext(AgentMessage message) {
    lastHeardNanos = System.nanoTime();
    handling = true;
    try {
      switch (message.getBodyCase()) {
        case HELLO -> onHello(message.getHello());
        case STATUS -> {
          if (requireHello("StatusReport")) {
            intake.accept(this, message.getStatus());
          }
        }
        case HEARTBEAT -> requireHello("Heartbeat");
        case CLAIM_DECISION -> {
          if (requireHello("ClaimDecision") && live) {
            registry.peers().claimDecision(this, message.getClaimDecision());
          }
        }
        case MIRROR -> {
          if (requireHello("MirrorReport") && live) {
            registry.peers().mirrorReport(this, message.getMirror());
          }
        }
          // A newer minor's message arrives as BODY_NOT_SET: ignored, as the protocol asks.
        default -> LOG.debug("host {}: ignored a {} message", host, message.getBodyCase());
      }
    } catch (RuntimeException e) {
      LOG.error("host {}: session failed", host, e);
      closeSilently(Status.INTERNAL.withDescription("the relay failed handling a message"));
    } finally {
      // Silence is counted from when the relay is ready to listen again: while it handles a
      // message (a Hello takes the Lease and plans the resync) the agent's heartbeats wait in
      // the stream and must not count as silence.
      lastHeardNanos = System.nanoTime();
      handling = false;
    }
  }

  private boolean requireHello(String what) {
    if (!helloSeen) {
      goodbye(
          GoodbyeReason.GOODBYE_REASON_PROTOCOL_ERROR,
          "the first message must be Hello, got " + what,
          Status.INVALID_ARGUMENT);
      return false;
    }
    return true;
  }

  private void onHello(Hello hello) {
    if (helloSeen) {
      goodbye(
          GoodbyeReason.GOODBYE_REASON_PROTOCOL_ERROR,
          "Hello was sent twice",
          Status.INVALID_ARGUMENT);
      return;
    }
    helloSeen = true;
    if (!hello.getHostId().equals(host)) {
      registry.refused(AuthFailure.HOST_MISMATCH);
      LOG.warn("host {}: refused a Hello as host {}", host, clip(hello.getHostId()));
      goodbye(
          GoodbyeReason.GOODBYE_REASON_PROTOCOL_ERROR,
          "Hello.host_id \""
              + hello.getHostId()
              + "\" is not the authenticated host \""
              + host
              + "\"",
          Status.PERMISSION_DENIED);
      return;
    }
    ProtocolVersions.Negotiation n = ProtocolVersions.negotiate(hello.getProtocol());
    if (n instanceof ProtocolVersions.Negotiation.Refused refused) {
      LOG.warn("host {}: refused: {}", host, refused.message());
      goodbye(
          GoodbyeReason.GOODBYE_REASON_INCOMPATIBLE_VERSION,
          refused.message(),
          Status.FAILED_PRECONDITION);
      return;
    }
    ProtocolVersion version = ((ProtocolVersions.Negotiation.Accepted) n).version();
    long skewMillis = System.currentTimeMillis() - hello.getSentAtUnixMillis();
    if (hello.getSentAtUnixMillis() > 0 && Math.abs(skewMillis) > CLOCK_SKEW_WARNING_MILLIS) {
      LOG.warn(
          "host {}: its clock differs from the relay's by about {} s (timestamps in its reports may"
              + " mislead)",
          host,
          skewMillis / 1000);
    }
    if (hello.getCapabilitiesList().contains(PROBE_CAPABILITY)) {
      answerProbe(version);
      return;
    }
    kinds = declaredKinds(hello);
    capabilities = Set.copyOf(hello.getCapabilitiesList());
    capacity = hello.getCapacity();
    long local = registry.register(this);
    if (local < 0) {
      return; // the stream ended while the Hello was handled
    }
    localEpoch = local;
    epoch = local;
    epoch = registry.fence(this, local); // across replicas: the host's Lease
    out.send(welcome(version));
    ResyncPlanner.Plan plan = registry.resync(this, hello.getInventoryList());
    LOG.info(
        "host {} connected: agent {} (instance {}), protocol {}, epoch {}, kinds {}, inventory {};"
            + " resync sent {} upserts, {} deletes, {} statuses wanted{}",
        host,
        hello.getAgentVersion(),
        hello.getAgentInstanceId(),
        ProtocolVersions.text(version),
        epoch,
        kinds,
        hello.getInventoryCount(),
        plan == null ? 0 : plan.upserts().size(),
        plan == null ? 0 : plan.deletes().size(),
        plan == null ? 0 : plan.statusWanted().size(),
        plan != null && plan.statusWantedAll() ? " (all)" : "");
  }

  /**
   * {@code host-agent doctor} asks: credentials and version are accepted, so say Welcome (naming
   * the capability back, epoch 0) and end the stream — no session, no fencing, no Lease, so a
   * running agent of the host keeps its session.
   */
  private void answerProbe(ProtocolVersion version) {
    LOG.info("host {}: answered a doctor probe (no session opened)", host);
    RelayMessage welcome = welcome(version);
    out.finish(
        welcome.toBuilder()
            .setWelcome(welcome.getWelcome().toBuilder().addCapabilities(PROBE_CAPABILITY))
            .build(),
        Status.OK);
    end();
  }

  private static Set<ResourceKind> declaredKinds(Hello hello) {
    Set<ResourceKind> declared = EnumSet.noneOf(ResourceKind.class);
    hello
        .getCapabilitiesList()
        .forEach(c -> ResourceKind.fromCapability(c).ifPresent(declared::add));
    return declared;
  }

  private RelayMessage welcome(ProtocolVersion version) {
    return RelayMessage.newBuilder()
        .setWelcome(
            Welcome.newBuilder()
                .setProtocol(version)
                .setRelayVersion(settings.relayVersion())
                .setRelayId(settings.relayId())
                .setSessionEpoch(epoch)
                .setHeartbeatIntervalMillis((int) settings.heartbeatInterval().toMillis())
                .setHeartbeatTimeoutMillis((int) settings.heartbeatTimeout().toMillis())
                .setClusterName(settings.clusterName()))
        .build();
  }

  /** Sends a planned resync and makes the session live. Called under the host's lock. */
  void sendResync(long resyncId, ResyncPlanner.Plan plan) {
    out.send(
        RelayMessage.newBuilder()
            .setResyncBegin(ResyncBegin.newBuilder().setResyncId(resyncId))
            .build());
    plan.upserts().forEach(this::sendUpsert);
    plan.deletes().forEach(d -> out.sendCoalesced(resourceKey(d.getRef().getUid()), delete(d)));
    out.send(
        RelayMessage.newBuilder()
            .setResyncEnd(
                ResyncEnd.newBuilder()
                    .setResyncId(resyncId)
                    .setUpserts(plan.upserts().size())
                    .setDeletes(plan.deletes().size())
                    .addAllStatusWanted(plan.statusWanted())
                    .setStatusWantedAll(plan.statusWantedAll()))
            .build());
    live = true;
  }

  /** Live desired state from a worker; called under the host's lock. */
  void offerUpsert(Resource resource) {
    if (live && declares(resource.getRef())) {
      sendUpsert(resource);
    }
  }

  void offerDelete(ResourceRef ref, DeleteReason reason) {
    if (live && declares(ref)) {
      out.sendCoalesced(
          resourceKey(ref.getUid()),
          delete(DesiredDelete.newBuilder().setRef(ref).setReason(reason).build()));
    }
  }

  private boolean declares(ResourceRef ref) {
    return ResourceKind.fromProto(ref.getKind()).map(kinds::contains).orElse(false);
  }

  Set<ResourceKind> kinds() {
    return kinds;
  }

  @Override
  public Set<String> capabilities() {
    return capabilities;
  }

  @Override
  public io.gastown.proto.v1.Capacity capacity() {
    return capacity;
  }

  @Override
  public boolean resynced() {
    return live;
  }

  @Override
  public void offerClaim(io.gastown.proto.v1.ClaimOffer offer) {
    if (live) {
      out.sendCoalesced(
          "offer:" + offer.getResource().getRef().getUid(),
          RelayMessage.newBuilder().setClaimOffer(offer).build());
    }
  }

  private void sendUpsert(Resource resource) {
    out.sendCoalesced(
        resourceKey(resource.getRef().getUid()),
        RelayMessage.newBuilder()
            .setUpsert(DesiredUpsert.newBuilder().setResource(resource))
            .build());
  }

  private static RelayMessage delete(DesiredDelete delete) {
    return RelayMessage.newBuilder().setDelete(delete).build();
  }

  private static String resourceKey(String uid) {
    return "res:" + uid;
  }

  @Override
  public String host() {
    return host;
  }

  /** What this session was authenticated with; it ends when that is revoked or expires. */
  Credential credential() {
    return credential;
  }

  private static String clip(String untrusted) {
    String s = untrusted.replaceAll("[^A-Za-z0-9._-]", "?");
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  /** The session's figures for the metrics, at {@code nowNanos}. */
  ProgressMetrics.SessionFigures figures(long nowNanos) {
    return new ProgressMetrics.SessionFigures(
        host, (nowNanos - startedNanos) / 1e9, (nowNanos - lastHeardNanos) / 1e9, out.waiting());
  }

  long epoch() {
    return epoch;
  }

  /** The epoch this relay gave the session before its Lease was taken: its name for the Lease. */
  long localEpoch() {
    return localEpoch;
  }

  boolean ended() {
    return ended.get();
  }

  @Override
  public boolean current() {
    return !ended.get() && registry.isCurrent(this);
  }

  @Override
  public void ack(StatusAck ack) {
    out.sendCoalesced("ack:" + ack.getUid(), RelayMessage.newBuilder().setStatusAck(ack).build());
  }

  /** Called by the liveness ticker: heartbeat when due, close when the agent fell silent. */
  void checkLiveness(long nowNanos) {
    long silentMillis = TimeUnit.NANOSECONDS.toMillis(nowNanos - lastHeardNanos);
    if (silentMillis > settings.heartbeatTimeout().toMillis() && !handling) {
      LOG.warn("host {}: heard nothing for {} ms, closing the session", host, silentMillis);
      closeSilently(
          Status.UNAVAILABLE.withDescription(
              "the relay heard nothing for " + silentMillis + " ms"));
      return;
    }
    if (live && nowNanos - lastHeartbeatNanos >= settings.heartbeatInterval().toNanos()) {
      lastHeartbeatNanos = nowNanos;
      out.sendCoalesced(
          "heartbeat",
          RelayMessage.newBuilder()
              .setHeartbeat(Heartbeat.newBuilder().setSentAtUnixMillis(System.currentTimeMillis()))
              .build());
    }
  }

  /** A newer session took over; {@code where} names another replica ("" for this one). */
  void supersede(long newerEpoch, String where) {
    LOG.info("host {}: session epoch {} superseded by epoch {}{}", host, epoch, newerEpoch, where);
    goodbye(
        GoodbyeReason.GOODBYE_REASON_SUPERSEDED,
        "a newer session (epoch " + newerEpoch + ") of host " + host + " took over" + where,
        Status.ABORTED);
  }

  void goodbye(GoodbyeReason reason, String message, Status status) {
    out.finish(
        RelayMessage.newBuilder()
            .setGoodbye(Goodbye.newBuilder().setReason(reason).setMessage(message))
            .build(),
        status.withDescription(message));
    end();
  }

  void closeSilently(Status status) {
    out.finish(null, status);
    end();
  }

  /** The peer cancelled the call or the transport broke. */
  void cancelled() {
    out.cancelled();
    end();
  }

  @Override
  public void onError(Throwable t) {
    LOG.info("host {}: stream ended: {}", host, Status.fromThrowable(t));
    cancelled();
  }

  @Override
  public void onCompleted() {
    LOG.info("host {}: agent closed the stream", host);
    closeSilently(Status.OK);
  }

  private void end() {
    if (ended.compareAndSet(false, true)) {
      registry.ended(this);
    }
  }
}
