package io.gastown.relay;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gastown.proto.v1.ClaimDecision;
import io.gastown.proto.v1.MirrorReport;
import io.gastown.relay.api.ResourceKey;
import io.gastown.relay.automaton.AutomatonSettings;
import io.gastown.relay.automaton.Automatons;
import io.gastown.relay.health.HealthServer;
import io.gastown.relay.lease.Fabric8LeaseApi;
import io.gastown.relay.lease.HostLeases;
import io.gastown.relay.lease.RemoteHosts;
import io.gastown.relay.lease.SessionFence;
import io.gastown.relay.metrics.RelayMetrics;
import io.gastown.relay.mirror.Mirror;
import io.gastown.relay.reconcile.Reconciler;
import io.gastown.relay.route.Router;
import io.gastown.relay.route.RoutingTable;
import io.gastown.relay.session.AuthInterceptor;
import io.gastown.relay.session.Authenticator;
import io.gastown.relay.session.ClientCertAuth;
import io.gastown.relay.session.CredentialSweep;
import io.gastown.relay.session.GrpcServerFactory;
import io.gastown.relay.session.HostChannel;
import io.gastown.relay.session.HostPresence;
import io.gastown.relay.session.HostRelayService;
import io.gastown.relay.session.LivenessTicker;
import io.gastown.relay.session.PeerMessages;
import io.gastown.relay.session.RevocationList;
import io.gastown.relay.session.SessionRegistry;
import io.gastown.relay.session.SessionSettings;
import io.gastown.relay.session.TokenStore;
import io.gastown.relay.status.EventFactory;
import io.gastown.relay.status.Fabric8KubeWriter;
import io.gastown.relay.status.ReportIntake;
import io.gastown.relay.status.ReportStore;
import io.gastown.relay.watch.InformerCache;
import io.gastown.relay.watch.KeyedQueue;
import io.gastown.relay.watch.WorkerPool;
import io.grpc.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running relay: informers → keyed queue → workers → host sessions, and status back. Built and
 * started by {@link #start}; the caller owns the KubernetesClient.
 */
public final class Relay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private final RelayConfig config;
  private final RelayMetrics metrics = new RelayMetrics();
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(2, daemon("relay-timer"));
  private final ExecutorService grpcExecutor =
      Executors.newFixedThreadPool(
          Math.max(4, Runtime.getRuntime().availableProcessors() * 2), daemon("relay-grpc"));
  private final KeyedQueue<ResourceKey> queue = new KeyedQueue<>();
  private final RoutingTable routing = new RoutingTable();
  private final ReportStore reports = new ReportStore();
  private final InformerCache cache;
  private final HostPresence presence;
  private final SessionRegistry registry;
  private final TokenStore tokens;
  private final RevocationList revocations;
  private final Authenticator authenticator;
  private final WorkerPool<ResourceKey> workers;
  private final Automatons automatons;
  private final Mirror mirror;
  private final LivenessTicker ticker;
  private final HostRelayService service;
  private final Optional<HostLeases> leases;
  private volatile Server grpc;
  private volatile HealthServer health;
  private volatile boolean ready;

  private Relay(RelayConfig config, KubernetesClient client) {
    this.config = config;
    Clock clock = Clock.systemUTC();
    cache = InformerCache.create(client, config.watchNamespace(), queue::add);
    // per-host Leases: fencing and presence across replicas (none without a namespace for them)
    leases =
        config.leaseNamespace().isEmpty()
            ? Optional.empty()
            : Optional.of(
                new HostLeases(
                    new Fabric8LeaseApi(client, config.leaseNamespace()),
                    config.relayId(),
                    config.heartbeatTimeout(),
                    clock,
                    this::leaseLost,
                    this::leaseChanged,
                    metrics::leaseWrite));
    presence =
        new HostPresence(
            clock,
            config.hostGrace(),
            scheduler,
            host -> routing.keysForHost(host).forEach(queue::add),
            () -> cache.allKeys().forEach(queue::add),
            leases.<RemoteHosts>map(l -> l).orElse(RemoteHosts.NONE));
    registry =
        new SessionRegistry(
            routing,
            reports,
            presence,
            metrics,
            leases.<SessionFence>map(l -> l).orElse(SessionFence.LOCAL));
    tokens = config.tokensFile().map(TokenStore::new).orElseGet(TokenStore::none);
    revocations = config.revokedCertsFile().map(RevocationList::of).orElseGet(RevocationList::none);
    authenticator =
        new Authenticator(
            tokens, revocations, config.clientCertAuth().map(ClientCertAuth::mode), clock);
    metrics.progress().registerSessions(registry::figures);
    metrics.progress().registerQueue(queue::depth);
    ReportIntake intake = new ReportIntake(cache, routing, reports, queue::add, metrics);
    automatons =
        new Automatons(
            client,
            config.watchNamespace(),
            routing,
            registry,
            registry::liveHosts,
            reports,
            presence::link,
            scheduler,
            clock,
            new AutomatonSettings(
                config.automatonRelease(), AutomatonSettings.DEFAULT_OFFER_RETRY));
    intake.automatonReports(automatons::report);
    mirror = new Mirror(client, config.effectiveMirrorNamespace());
    registry.peers(
        new PeerMessages() {
          @Override
          public void claimDecision(HostChannel from, ClaimDecision decision) {
            automatons.claimDecision(from, decision);
          }

          @Override
          public void mirrorReport(HostChannel from, MirrorReport report) {
            mirror.report(from, report);
          }
        });
    String eventNamespace = config.watchNamespace().isEmpty() ? "default" : config.watchNamespace();
    Reconciler reconciler =
        new Reconciler(
            cache,
            new Router(config.defaultHost()),
            routing,
            registry,
            reports,
            presence::link,
            new Fabric8KubeWriter(client),
            new EventFactory(config.relayId(), eventNamespace),
            metrics,
            clock,
            queue::add);
    workers = new WorkerPool<>(queue, reconciler, scheduler);
    ticker =
        new LivenessTicker(
            registry, new CredentialSweep(tokens, revocations, authenticator, metrics));
    service =
        new HostRelayService(
            registry,
            intake,
            new SessionSettings(
                config.relayId(),
                version(),
                config.clusterName(),
                config.heartbeatInterval(),
                config.heartbeatTimeout()));
  }

  /**
   * Validates the configuration and starts the relay; returns once the informers have synced, every
   * resource has been routed once and the gRPC server is serving.
   */
  public static Relay start(RelayConfig config, KubernetesClient client) {
    config.validate();
    LOG.info("starting gastown relay {}: {}", version(), config.describe());
    Relay relay = new Relay(config, client);
    try {
      relay.startAll();
      return relay;
    } catch (IOException | TimeoutException | RuntimeException e) {
      relay.close();
      throw new IllegalStateException("the relay could not start: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      relay.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the relay", e);
    }
  }

  private void startAll() throws IOException, TimeoutException, InterruptedException {
    cache.start(SYNC_TIMEOUT);
    automatons.start(); // watches Automatons once (and while) their CRD exists
    leases.ifPresent(HostLeases::start);
    workers.start(Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2)));
    // agents connecting now get a resync from a routing table that already holds everything
    if (!queue.awaitIdle(SYNC_TIMEOUT)) {
      LOG.warn(
          "the first pass over all resources took longer than {}; serving anyway", SYNC_TIMEOUT);
    }
    grpc =
        GrpcServerFactory.build(
            new InetSocketAddress(config.bindAddress(), config.grpcPort()),
            config.devPlaintextLoopback()
                ? Optional.empty()
                : Optional.of(
                    new GrpcServerFactory.Tls(
                        config.tlsCertFile().orElseThrow(),
                        config.tlsKeyFile().orElseThrow(),
                        config
                            .clientCertAuth()
                            .map(
                                c ->
                                    new GrpcServerFactory.ClientTrust(
                                        c.caFile(),
                                        revocations,
                                        reason -> metrics.authFailure(reason.label()))))),
            service,
            new AuthInterceptor(authenticator, metrics),
            grpcExecutor);
    ticker.start(scheduler, LivenessTicker.period(config.heartbeatInterval()));
    presence.start();
    health =
        HealthServer.start(
            new InetSocketAddress(config.bindAddress(), config.healthPort()),
            this::alive,
            () -> ready && alive() && cache.synced(),
            metrics);
    ready = true;
    LOG.info(
        "relay {} serving: gRPC on port {}{}, health on port {}",
        config.relayId(),
        grpcPort(),
        config.devPlaintextLoopback() ? " (PLAINTEXT, development only)" : " (TLS)",
        healthPort());
  }

  private void leaseLost(String host, String holder, long epoch) {
    registry.supersededElsewhere(host, holder, epoch);
  }

  private void leaseChanged(String host) {
    presence.remoteChanged(host);
  }

  private boolean alive() {
    Server s = grpc;
    return s != null && !s.isShutdown() && !s.isTerminated();
  }

  /** The port the gRPC server is bound to (the configured one, or the one picked for port 0). */
  public int grpcPort() {
    return grpc.getPort();
  }

  public int healthPort() {
    return health.port();
  }

  public boolean ready() {
    return ready;
  }

  public RelayMetrics metrics() {
    return metrics;
  }

  /** Blocks until the gRPC server has terminated (after {@link #close}). */
  public void awaitTermination() throws InterruptedException {
    Server s = grpc;
    if (s != null) {
      s.awaitTermination();
    }
  }

  /** Says goodbye to every host session and stops everything. Idempotent. */
  @Override
  public synchronized void close() {
    ready = false;
    registry.closeAll();
    Server s = grpc;
    if (s != null) {
      s.shutdown();
      try {
        if (!s.awaitTermination(2, TimeUnit.SECONDS)) {
          s.shutdownNow();
        }
      } catch (InterruptedException e) {
        s.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    ticker.close();
    leases.ifPresent(HostLeases::close); // after the sessions ended: their releases are written
    automatons.close();
    mirror.close();
    workers.close();
    cache.close();
    if (health != null) {
      health.close();
    }
    scheduler.shutdownNow();
    grpcExecutor.shutdownNow();
  }

  static String version() {
    String v = Relay.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    };
  }
}
