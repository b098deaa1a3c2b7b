package io.gastown.agent.link;

import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.report.StatusReporter;
import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.Goodbye;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.Heartbeat;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.HostRelayGrpc;
import io.gastown.proto.v1.ProtocolVersion;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.StatusReport;
import io.gastown.proto.v1.Welcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to one relay (one cluster): dials out, says Hello with the inventory, applies the
 * resync and live desired changes to its {@link DesiredStore}, carries status reports and
 * heartbeats, and reconnects with full-jitter backoff forever. All its state lives on its own
 * thread; gRPC callbacks hop onto it.
 */
public final class RelayLink implements AutoCloseable {
  public static final ProtocolVersion PROTOCOL =
      ProtocolVersion.newBuilder().setMajor(1).setMinor(1).build();
  static final int DEFAULT_HEARTBEAT_MILLIS = 10_000;
  static final int DEFAULT_TIMEOUT_MILLIS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(RelayLink.class);

  private final RelayConfig config;
  private final LinkSettings settings;
  private final DesiredStore store;
  private final StatusReporter reporter;
  private final LinkListener listener;
  private final Function<RelayConfig, ManagedChannel> channels;
  private final ReconnectBackoff backoff;
  private final Clock wallClock;
  private final LongSupplier nanoTime;
  private final ScheduledExecutorService thread;
  // listener calls (planning) run here, in order: a busy reconciler never delays heartbeats
  private final java.util.concurrent.ExecutorService deliveries;
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private final AtomicLong dials = new AtomicLong();
  private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
  private volatile String lastRefusal = "";
  private volatile long lastResyncMillis = -1;
  private volatile Session current;
  private volatile boolean closed;
  private volatile boolean resyncedOnce;
  private final ClockJumpDetector clockJumps;
  private final CredentialFiles credentialFiles;
  private final Map<String, AtomicLong> authFailures = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> pendingDial;
  private volatile CredentialFiles.Stamp refusedWith;

  /** One stream; callbacks of a stream that is no longer current are ignored. */
  private final class Session implements StreamObserver<RelayMessage> {
    final ManagedChannel channel;
    final long startedNanos = nanoTime.getAsLong();
    final CredentialFiles.Stamp credentials = credentialFiles.stamp();
    StreamObserver<AgentMessage> requests;
    volatile long lastHeardNanos = startedNanos;
    volatile Welcome welcome;
    volatile boolean resynced;
    long resyncedNanos;
    // refused or superseded: never a reason to redial soon, whatever was resynced before
    boolean refused;
    long retryAfterMillis;
    ScheduledFuture<?> heartbeat;

    Session(ManagedChannel channel) {
      this.channel = channel;
    }

    @Override
    public void onNext(RelayMessage message) {
      lastHeardNanos = nanoTime.getAsLong();
      post(() -> handle(this, message));
    }

    @Override
    public void onError(Throwable t) {
      post(() -> failed(this, Status.fromThrowable(t)));
    }

    @Override
    public void onCompleted() {
      post(() -> ended(this, "the relay closed the stream"));
    }
  }

  public RelayLink(
      RelayConfig config,
      LinkSettings settings,
      DesiredStore store,
      LinkListener listener,
      Function<RelayConfig, ManagedChannel> channels,
      Clock wallClock,
      LongSupplier nanoTime,
      RandomGenerator random,
      ReconnectBackoff backoff) {
    this.config = config;
    this.settings = settings;
    this.store = store;
    this.listener = listener;
    this.channels = channels;
    this.wallClock = wallClock;
    this.nanoTime = nanoTime;
    this.backoff = backoff;
    this.clockJumps = new ClockJumpDetector(wallClock, nanoTime);
    this.credentialFiles = new CredentialFiles(config);
    this.reporter = new StatusReporter(this::sendReport, nanoTime, random);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "relay-" + config.name());
              t.setDaemon(true);
              return t;
            });
    this.deliveries =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "relay-" + config.name() + "-apply");
              t.setDaemon(true);
              return t;
            });
  }

  /** Tells the listener, off the link's thread and in order. */
  private void deliver(Runnable r) {
    try {
      deliveries.execute(
          () -> {
            try {
              r.run();
            } catch (RuntimeException e) {
              LOG.error("relay {}: applying a desired change failed", config.name(), e);
            }
          });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /**
   * Runs on the link's thread; after {@link #close} there is nothing left to do, so it is dropped.
   */
  private void post(Runnable r) {
    try {
      thread.execute(r);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
    }
  }

  /** Dials in the background; returns at once. */
  public void start() {
    thread.execute(
        () -> {
          clockJumps.reset();
          connect();
        });
    thread.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  public String name() {
    return config.name();
  }

  public StatusReporter reporter() {
    return reporter;
  }

  public DesiredStore store() {
    return store;
  }

  /** Whether a session is established (Welcome received). */
  public boolean isConnected() {
    Session s = current;
    return s != null && s.welcome != null;
  }

  /** Whether a resync with this relay completed at least once. */
  public boolean isResynced() {
    return resyncedOnce;
  }

  /** Milliseconds since the current session's stream was opened; -1 while none is established. */
  public long sessionAgeMillis() {
    Session s = current;
    return s == null || s.welcome == null
        ? -1
        : TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - s.startedNanos);
  }

  /** Security refusals so far, by {@link LinkFailures} reason. */
  public Map<String, Long> authFailures() {
    Map<String, Long> out = new TreeMap<>();
    authFailures.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Resyncs completed so far: a new number means a new session knows this cluster whole. */
  public long resyncs() {
    return resyncs.get();
  }

  /**
   * Sends a message (a claim decision, a mirror report) on the current session, only once its
   * resync has ended, so what it says rests on everything this cluster wants of the host. Returns
   * whether it was sent.
   */
  public boolean sendAfterResync(AgentMessage message) {
    Session s = current;
    if (s == null || !s.resynced || closed) {
      return false;
    }
    post(
        () -> {
          if (s == current) {
            s.requests.onNext(message);
          }
        });
    return true;
  }

  /** Sessions that ended and were dialled again. */
  public long reconnects() {
    return reconnects.get();
  }

  /** The protocol version the current session runs at (from Welcome); empty without one. */
  public java.util.Optional<ProtocolVersion> sessionProtocol() {
    Session s = current;
    return s == null || s.welcome == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(s.welcome.getProtocol());
  }

  /** Every attempt to open a stream, the first one included. */
  public long dials() {
    return dials.get();
  }

  /**
   * Streams the relay refused or ended on purpose, by reason: unauthenticated, permission_denied,
   * incompatible_version, superseded.
   */
  public Map<String, Long> refusals() {
    Map<String, Long> out = new java.util.TreeMap<>();
    refusals.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** The relay's words for its last refusal ("" when none yet). */
  public String lastRefusal() {
    return lastRefusal;
  }

  /**
   * Milliseconds since anything was heard from the relay on the current session; -1 without one.
   */
  public long heartbeatAgeMillis() {
    Session s = current;
    if (s == null || s.welcome == null) {
      return -1;
    }
    return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - s.lastHeardNanos);
  }

  /** How long the last resync took, from dialling to ResyncEnd; -1 before the first. */
  public long lastResyncMillis() {
    return lastResyncMillis;
  }

  /** Closes the current stream and dials again (after a detected sleep, or on demand in tests). */
  public void forceReconnect(String why) {
    post(
        () -> {
          Session s = current;
          if (s != null) {
            s.requests.onError(Status.CANCELLED.withDescription(why).asRuntimeException());
            ended(s, why);
          }
        });
  }

  private void connect() {
    if (closed) {
      return;
    }
    ManagedChannel channel;
    try {
      channel = channels.apply(config);
    } catch (RuntimeException e) {
      LOG.error("relay {}: cannot set up the channel: {}", config.name(), e.getMessage());
      scheduleReconnect(backoff.next());
      return;
    }
    Session s = new Session(channel);
    current = s;
    dials.incrementAndGet();
    HostRelayGrpc.HostRelayStub stub = HostRelayGrpc.newStub(channel);
    if (config.tokenFile().isPresent()) {
      stub = stub.withCallCredentials(new BearerTokenCredentials(config.tokenFile().get()));
    }
    s.requests = stub.connect(s);
    s.requests.onNext(AgentMessage.newBuilder().setHello(hello()).build());
  }

  private Hello hello() {
    return Hello.newBuilder()
        .setProtocol(settings.protocol())
        .setAgentVersion(settings.agentVersion())
        .setHostId(settings.hostId())
        .addAllCapabilities(settings.capabilities())
        .addAllInventory(store.inventory(reporter::ackedHash))
        .setCapacity(settings.capacity())
        .setAgentInstanceId(settings.agentInstanceId())
        .setSentAtUnixMillis(wallClock.millis())
        .build();
  }

  private void handle(Session s, RelayMessage m) {
    if (s != current) {
      return;
    }
    switch (m.getBodyCase()) {
      case WELCOME -> welcomed(s, m.getWelcome());
      case RESYNC_BEGIN -> store.beginResync();
      case UPSERT -> changed(store.upsert(m.getUpsert().getResource()));
      case DELETE -> changed(store.delete(m.getDelete().getRef().getUid()));
      case RESYNC_END -> {
        changed(store.endResync());
        s.resynced = true;
        s.resyncedNanos = nanoTime.getAsLong();
        resyncs.incrementAndGet();
        lastResyncMillis = TimeUnit.NANOSECONDS.toMillis(s.resyncedNanos - s.startedNanos);
        resyncedOnce = true;
        // the cluster's desired state is held from here; planning it follows on the apply thread
        LOG.info(
            "relay {}: resynced in {} ms ({} upserts, {} deletes), {} desired resources",
            config.name(),
            lastResyncMillis,
            m.getResyncEnd().getUpserts(),
            m.getResyncEnd().getDeletes(),
            store.size());
        deliver(() -> listener.resynced(config.name()));
        if (m.getResyncEnd().getStatusWantedAll()) {
          reporter.wantedAll();
        } else if (m.getResyncEnd().getStatusWantedCount() > 0) {
          reporter.wanted(m.getResyncEnd().getStatusWantedList());
        }
        reporter.online(true);
      }
      case STATUS_ACK -> reporter.ack(m.getStatusAck());
      case GOODBYE -> goodbye(s, m.getGoodbye());
      case CLAIM_OFFER ->
          deliver(() -> listener.claimOffered(config.name(), m.getClaimOffer().getResource()));
      default -> {
        // Heartbeats only prove liveness (lastHeardNanos).
      }
    }
  }

  private void welcomed(Session s, Welcome w) {
    s.welcome = w;
    LOG.info(
        "relay {}: connected to cluster '{}' (relay {}, protocol {}.{}, epoch {})",
        config.name(),
        w.getClusterName(),
        w.getRelayId(),
        w.getProtocol().getMajor(),
        w.getProtocol().getMinor(),
        w.getSessionEpoch());
    long interval =
        w.getHeartbeatIntervalMillis() > 0
            ? w.getHeartbeatIntervalMillis()
            : DEFAULT_HEARTBEAT_MILLIS;
    s.heartbeat =
        thread.scheduleAtFixedRate(() -> heartbeat(s), interval, interval, TimeUnit.MILLISECONDS);
  }

  private void changed(DesiredStore.Changes changes) {
    if (!changes.isEmpty()) {
      deliver(() -> listener.desiredChanged(config.name(), changes));
    }
  }

  private void goodbye(Session s, Goodbye g) {
    LOG.warn(
        "relay {}: goodbye ({}): {}{}",
        config.name(),
        g.getReason(),
        g.getMessage(),
        g.getRetryAfterMillis() > 0 ? " (retry after " + g.getRetryAfterMillis() + " ms)" : "");
    s.retryAfterMillis = g.getRetryAfterMillis();
    if (g.getReason() == GoodbyeReason.GOODBYE_REASON_INCOMPATIBLE_VERSION) {
      s.refused = true;
      backoff.jumpToCap();
    } else if (g.getReason() == GoodbyeReason.GOODBYE_REASON_UNAUTHENTICATED) {
      credentialsRefused(s);
    }
  }

  private void heartbeat(Session s) {
    if (s != current) {
      return;
    }
    long timeout =
        s.welcome.getHeartbeatTimeoutMillis() > 0
            ? s.welcome.getHeartbeatTimeoutMillis()
            : DEFAULT_TIMEOUT_MILLIS;
    if (nanoTime.getAsLong() - s.lastHeardNanos > TimeUnit.MILLISECONDS.toNanos(timeout)) {
      forceReconnect("nothing heard from the relay for " + timeout + " ms");
      return;
    }
    s.requests.onNext(
        AgentMessage.newBuilder()
            .setHeartbeat(
                Heartbeat.newBuilder()
                    .setSentAtUnixMillis(wallClock.millis())
                    .setPendingReports(reporter.pending()))
            .build());
  }

  /** Every second: resend overdue reports, notice a missing Welcome, and detect sleep. */
  private void tick() {
    long drift = clockJumps.drift();
    long nano = nanoTime.getAsLong();
    Session s = current;
    if (s == null) {
      redialIfCredentialsChanged();
      return;
    }
    long interval =
        s.welcome != null && s.welcome.getHeartbeatIntervalMillis() > 0
            ? s.welcome.getHeartbeatIntervalMillis()
            : DEFAULT_HEARTBEAT_MILLIS;
    if (drift > 2 * interval) {
      LOG.warn("relay {}: the clock jumped {} ms (sleep?): reconnecting", config.name(), drift);
      forceReconnect("wall clock jumped " + drift + " ms");
      return;
    }
    if (s.welcome == null
        && nano - s.lastHeardNanos > TimeUnit.MILLISECONDS.toNanos(DEFAULT_TIMEOUT_MILLIS)) {
      forceReconnect("no Welcome within " + DEFAULT_TIMEOUT_MILLIS + " ms");
      return;
    }
    reporter.tick();
  }

  private void failed(Session s, Status status) {
    if (s != current) {
      return;
    }
    LinkFailures.reason(status)
        .ifPresent(r -> authFailures.computeIfAbsent(r, k -> new AtomicLong()).incrementAndGet());
    switch (status.getCode()) {
      case UNAUTHENTICATED, PERMISSION_DENIED -> {
        refused(
            status.getCode() == Status.Code.UNAUTHENTICATED
                ? "unauthenticated"
                : "permission_denied",
            status);
        LOG.error(
            "relay {}: refused our credentials ({}): check tokenFile, clientCertFile and the"
                + " relay's tokens and revocations",
            config.name(),
            status.getDescription());
        credentialsRefused(s);
      }
      case FAILED_PRECONDITION -> {
        refused("incompatible_version", status);
        LOG.error(
            "relay {}: incompatible (this agent speaks protocol {}.{}): {}; upgrade the agent or the"
                + " relay; retrying forever, at most {} ms apart",
            config.name(),
            settings.protocol().getMajor(),
            settings.protocol().getMinor(),
            status.getDescription(),
            backoff.capMillis());
        s.refused = true;
        backoff.jumpToCap();
      }
      case ABORTED -> {
        // another process of this host holds the session now
        refused("superseded", status);
        s.refused = true;
      }
      default -> tlsRefusal(s, status);
    }
    ended(
        s,
        status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()));
  }

  private void refused(String reason, Status status) {
    refusals.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    lastRefusal =
        reason
            + ": "
            + (status.getDescription() == null ? status.getCode() : status.getDescription());
  }

  private void ended(Session s, String why) {
    if (s != current) {
      return;
    }
    current = null;
    if (s.heartbeat != null) {
      s.heartbeat.cancel(false);
    }
    s.channel.shutdownNow();
    if (store.resyncing()) {
      store.abortResync();
    }
    reporter.online(false);
    if (closed) {
      return;
    }
    // a completed resync proved the relay and the path whole: the next dial starts from the base
    backoff.sessionEnded(
        s.resynced && !s.refused
            ? Optional.of(Duration.ofNanos(nanoTime.getAsLong() - s.resyncedNanos))
            : Optional.empty());
    long delay = Math.max(backoff.next().toMillis(), s.retryAfterMillis);
    LOG.info("relay {}: stream ended ({}); reconnecting in {} ms", config.name(), why, delay);
    reconnects.incrementAndGet();
    scheduleReconnect(Duration.ofMillis(delay));
  }

  private void scheduleReconnect(Duration delay) {
    if (!closed) {
      pendingDial = thread.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void tlsRefusal(Session s, Status status) {
    Optional<String> reason = LinkFailures.reason(status);
    if (reason.equals(Optional.of(LinkFailures.UNTRUSTED_RELAY))) {
      LOG.error(
          "relay {}: its TLS certificate is not trusted{}: refusing to talk to it",
          config.name(),
          config.caFile().map(f -> " by caFile " + f).orElse(" by the system's trust store"));
    } else if (reason.equals(Optional.of(LinkFailures.REFUSED_BY_RELAY_TLS))) {
      LOG.error(
          "relay {}: refused our client certificate in the TLS handshake (expired, revoked or"
              + " from another CA?): check clientCertFile",
          config.name());
      credentialsRefused(s);
    }
  }

  /**
   * The relay refused this session's credentials. If the files changed since it dialled (a rotated
   * certificate or token), retry soon; else wait long: the same credentials will be refused again.
   */
  private void credentialsRefused(Session s) {
    s.refused = true;
    if (s.credentials.equals(credentialFiles.stamp())) {
      refusedWith = s.credentials;
      backoff.jumpToCap();
    } else {
      LOG.info("relay {}: our credential files changed since this dial: retrying", config.name());
      refusedWith = null;
      backoff.reset();
    }
  }

  /** Waiting after a refusal: new credential files are tried at once. On the link's thread. */
  private void redialIfCredentialsChanged() {
    CredentialFiles.Stamp refused = refusedWith;
    ScheduledFuture<?> pending = pendingDial;
    if (refused == null || closed || refused.equals(credentialFiles.stamp())) {
      return;
    }
    refusedWith = null;
    if (pending != null && pending.cancel(false)) {
      LOG.info("relay {}: credential files changed: dialling again now", config.name());
      backoff.reset();
      connect();
    }
  }

  /** The reporter's transport: queue onto this link's thread if a session is up. */
  private boolean sendReport(StatusReport report) {
    Session s = current;
    if (s == null || s.welcome == null || closed) {
      return false;
    }
    post(
        () -> {
          if (s == current) {
            s.requests.onNext(AgentMessage.newBuilder().setStatus(report).build());
          }
        });
    return true;
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread
          .submit(
              () -> {
                Session s = current;
                if (s != null) {
                  current = null;
                  try {
                    s.requests.onCompleted();
                  } catch (RuntimeException e) {
                    // the stream is already gone
                  }
                  s.channel.shutdown();
                }
              })
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("relay {}: closing: {}", config.name(), e.toString());
    }
    thread.shutdownNow();
    deliveries.shutdownNow();
  }
}
