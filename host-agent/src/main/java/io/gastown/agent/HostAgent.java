package io.gastown.agent;

import io.gastown.agent.act.AutomatonJournal;
import io.gastown.agent.act.ConvoyJournal;
import io.gastown.agent.act.Executor;
import io.gastown.agent.act.FailureMemory;
import io.gastown.agent.act.SlingJournal;
import io.gastown.agent.config.AgentConfig;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.health.AgentMetrics;
import io.gastown.agent.health.HealthServer;
import io.gastown.agent.health.ReadinessRule;
import io.gastown.agent.link.ChannelFactory;
import io.gastown.agent.link.DesiredStore;
import io.gastown.agent.link.LinkListener;
import io.gastown.agent.link.LinkSettings;
import io.gastown.agent.link.ReconnectBackoff;
import io.gastown.agent.link.RelayLink;
import io.gastown.agent.reconcile.LinkOutbox;
import io.gastown.agent.reconcile.Reconciler;
import io.gastown.agent.reconcile.TownOutage;
import io.gastown.agent.town.Executables;
import io.gastown.agent.town.ObservationLoop;
import io.gastown.agent.town.ProcessBdCli;
import io.gastown.agent.town.ProcessGtCli;
import io.gastown.agent.town.ProcessRunner;
import io.gastown.agent.town.TownObserver;
import io.gastown.agent.town.watch.TownChangeWatcher;
import io.gastown.proto.v1.Capacity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running host agent: wires town, planners, executor, links and the health endpoint by
 * constructor, starts them, and stops them on {@link #close}. Connections are made in the
 * background; {@link #isResynced} tells when a relay has been caught up.
 */
public final class HostAgent implements AutoCloseable {
  static final List<String> CAPABILITIES = List.of("kind/Rig", "kind/Polecat", "kind/Convoy");
  private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);
  private static final int ACTION_THREADS = 8;

  private final AgentConfig config;
  private final ProcessRunner runner;
  private final ObservationLoop observations;
  private final Optional<TownChangeWatcher> townWatch;
  private final ExecutorService actionPool;
  private final List<RelayLink> links = new ArrayList<>();
  private final HealthServer health;
  private final Reconciler reconciler;

  private HostAgent(AgentConfig config, Map<String, String> env) throws IOException {
    this.config = config;
    Clock clock = Clock.systemUTC();
    AgentMetrics metrics = new AgentMetrics();
    String gt = resolve(config.gt(), env);
    runner =
        new ProcessRunner(
            config.townRoot(),
            env,
            Duration.ofMillis(config.commandTimeoutMillis()),
            config.maxOutputBytes());
    ProcessGtCli gtCli = new ProcessGtCli(runner, gt, metrics);
    TownObserver observer = new TownObserver(gtCli, clock);
    Reconciler[] holder = new Reconciler[1];
    TownOutage[] outage = new TownOutage[1];
    List<TownChangeWatcher> watch = new ArrayList<>(1);
    observations =
        new ObservationLoop(
            observer,
            clock,
            config.observeIntervalMillis(),
            snapshot -> {
              watch.forEach(w -> w.observed(snapshot));
              holder[0].observed(snapshot);
              if (snapshot.isEmpty()) {
                outage[0].observationFailed();
              }
            });
    if (config.watchTown()) {
      watch.add(
          TownChangeWatcher.start(
              config.townRoot(),
              resolve(config.tmux(), env),
              runner.environment(),
              observations::townChanged));
    }
    townWatch = watch.stream().findFirst();
    actionPool = Executors.newFixedThreadPool(ACTION_THREADS, daemonThreads("gt-action"));
    FailureMemory failures = new FailureMemory(clock, ThreadLocalRandom.current());
    SlingJournal journal = new SlingJournal(config.stateDir(), clock);
    ProcessBdCli bdCli =
        new ProcessBdCli(runner, resolve(config.bd(), env), config.townRoot(), metrics);
    Executor executor =
        new Executor(
            gtCli,
            bdCli,
            failures,
            observations::request,
            actionPool,
            List.of(action -> holder[0].beforeAction(action)));
    byte[] id = new byte[8];
    new SecureRandom().nextBytes(id);
    String instanceId = HexFormat.of().formatHex(id);
    LinkListener forward =
        new LinkListener() {
          @Override
          public void desiredChanged(String relay, DesiredStore.Changes changes) {
            holder[0].desiredChanged(relay, changes);
          }

          @Override
          public void resynced(String relay) {
            holder[0].resynced(relay);
          }

          @Override
          public void claimOffered(String relay, io.gastown.proto.v1.Resource automaton) {
            holder[0].claimOffered(relay, automaton);
          }
        };
    List<Reconciler.RelayView> views = new ArrayList<>();
    for (RelayConfig relay : config.relays()) {
      LinkSettings settings =
          new LinkSettings(
              config.hostId(),
              AgentVersion.VERSION,
              instanceId,
              capabilities(relay),
              Capacity.newBuilder()
                  .setMaxPolecats(relay.maxPolecats())
                  .setMaxAutomatons(relay.maxAutomatons())
                  .build());
      RelayLink link =
          new RelayLink(
              relay,
              settings,
              new DesiredStore(),
              forward,
              r -> ChannelFactory.create(r, env),
              clock,
              System::nanoTime,
              new SecureRandom(),
              new ReconnectBackoff(new SecureRandom()));
      links.add(link);
      views.add(
          new Reconciler.RelayView(
              relay,
              link.store(),
              link.reporter(),
              new LinkOutbox() {
                @Override
                public boolean sendAfterResync(io.gastown.proto.v1.AgentMessage message) {
                  return link.sendAfterResync(message);
                }

                @Override
                public long resyncs() {
                  return link.resyncs();
                }
              }));
    }
    reconciler =
        new Reconciler(
            config.townRoot().toString(),
            views,
            executor,
            failures,
            journal,
            new Reconciler.Journals(
                ConvoyJournal.open(config.stateDir(), clock),
                AutomatonJournal.open(config.stateDir()),
                config.hostId()),
            Duration.ofMillis(config.commandTimeoutMillis()),
            observations::latest,
            clock);
    holder[0] = reconciler;
    outage[0] = new TownOutage(views, observations::consecutiveFailures, observations::failure);
    metrics.registerLinks(() -> links);
    metrics.registerPlanning(reconciler::plansMade, reconciler::fullPasses);
    metrics.registerProgress(List.copyOf(links), observations::lastSuccess, clock);
    health =
        new HealthServer(
            config.health().address(), config.health().port(), metrics, this::readiness);
  }

  /**
   * What the agent declares to one relay: every kind it serves, {@code automaton-claims} when it
   * takes Automatons from that cluster (maxAutomatons > 0), {@code mirror} when the owner enabled
   * the mirror for it.
   */
  static List<String> capabilities(RelayConfig relay) {
    List<String> out = new ArrayList<>(CAPABILITIES);
    if (relay.maxAutomatons() > 0) {
      out.add("automaton-claims");
    }
    if (relay.mirror()) {
      out.add("mirror");
    }
    return List.copyOf(out);
  }

  /** Builds and starts an agent; returns once started (relays are dialled in the background). */
  public static HostAgent start(AgentConfig config) {
    return start(config, System.getenv());
  }

  /** As {@link #start(AgentConfig)}, with the environment passed to gt made explicit. */
  public static HostAgent start(AgentConfig config, Map<String, String> env) {
    HostAgent agent;
    try {
      agent = new HostAgent(config, env);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the health endpoint: " + e.getMessage(), e);
    }
    LOG.info(
        "host agent {} starting: host {}, town {}, relays {}",
        AgentVersion.VERSION,
        config.hostId(),
        config.townRoot(),
        config.relays().stream().map(r -> r.name() + "=" + r.address()).toList());
    agent.observations.start();
    agent.links.forEach(RelayLink::start);
    return agent;
  }

  /** Whether the named relay has completed at least one resync. */
  public boolean isResynced(String relayName) {
    return links.stream().anyMatch(l -> l.name().equals(relayName) && l.isResynced());
  }

  /** Whether the named relay currently has an established session. */
  public boolean isConnected(String relayName) {
    return links.stream().anyMatch(l -> l.name().equals(relayName) && l.isConnected());
  }

  /** The port of the health endpoint (useful when configured as 0). */
  public int healthPort() {
    return health.port();
  }

  /** Closes the stream to a relay and dials again (tests of reconnection). */
  public void forceReconnect(String relayName) {
    links.stream().filter(l -> l.name().equals(relayName)).forEach(l -> l.forceReconnect("asked"));
  }

  HealthServer.Readiness readiness() {
    return ReadinessRule.evaluate(
        links.stream()
            .map(l -> new ReadinessRule.Link(l.name(), l.isConnected(), l.isResynced()))
            .toList(),
        observations.lastSuccess(),
        Clock.systemUTC().instant(),
        Duration.ofMillis(Math.max(3 * config.observeIntervalMillis(), 10_000)),
        observations.failure());
  }

  @Override
  public void close() {
    links.forEach(RelayLink::close);
    townWatch.ifPresent(TownChangeWatcher::close);
    observations.close();
    actionPool.shutdownNow();
    try {
      actionPool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    health.close();
    runner.close();
  }

  private static String resolve(String executable, Map<String, String> env) {
    Optional<java.nio.file.Path> found =
        Executables.resolve(executable, env.getOrDefault("PATH", ""));
    if (found.isEmpty()) {
      LOG.warn("{} is not an executable here (nor on PATH); gt commands will fail", executable);
      return executable;
    }
    return found.get().toString();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
