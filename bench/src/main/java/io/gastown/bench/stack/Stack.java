package io.gastown.bench.stack;

import io.gastown.bench.Options;
import io.gastown.bench.kube.Crs;
import io.gastown.bench.kube.StatusTracker;
import io.gastown.bench.net.CountingProxy;
import io.gastown.bench.proc.ChildProcess;
import io.gastown.bench.proc.Ports;
import io.gastown.bench.town.CallJournal;
import io.gastown.bench.town.GtWrapper;
import io.gastown.relay.RelayConfig;
import io.gastown.testkit.JvmOptionsFile;
import io.gastown.testkit.RepoPaths;
import io.gastown.testkit.StandInTown;
import io.gastown.testkit.TestCertificates;
import io.gastown.testkit.kube.EmbeddedKube;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything a benchmark runs against, as in production but on loopback: the embedded Kubernetes
 * API (in this JVM) with the chart's CRDs, the stand-in town with real tmux, and the relay and the
 * host agent as separate JVMs started from their shaded jars with the JVM flags their installers
 * use, talking TLS with a bearer token.
 */
public final class Stack implements AutoCloseable {
  public static final String HOST_ID = "bench";
  public static final String RELAY_NAME = "bench";

  /**
   * The relay's flags: the chart's javaOpts (helm/gastown-relay/values.yaml: {@code
   * -XX:MaxRAMPercentage=36 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}) with the heap they give
   * in the chart's container ({@code resources.limits.memory: 384Mi}; 36 % of it is 138 MiB).
   * Outside a container MaxRAMPercentage would take 36 % of this machine's memory, hence the
   * equivalent -Xmx. Follow the chart when either value changes there.
   */
  public static final String RELAY_JVM = "-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xmx138m";

  /**
   * The agent's flags: scripts/host-agent-jvm.options, which scripts/install-host-agent.sh writes
   * into the service unit. The AppCDS archive is made and added as the installer does ({@link
   * AgentCdsArchive}).
   */
  public static final String AGENT_JVM =
      String.join(" ", JvmOptionsFile.read(RepoPaths.resolve(JvmOptionsFile.HOST_AGENT)));

  private final Options options;
  private final Path work;
  private final EmbeddedKube kube;
  private final StandInTown town;
  private final TestCertificates certs;
  private final Path tokenFile;
  private final Path gtWrapper;
  private final Path bdWrapper;
  private final CallJournal journal;
  private final Crs crs;
  private final StatusTracker tracker;
  private final io.fabric8.kubernetes.client.KubernetesClient client;
  private final int relayGrpcPort = Ports.free();
  private final int relayHealthPort = Ports.free();
  private final int agentHealthPort = Ports.free();
  private ChildProcess relay;
  private ChildProcess agent;
  private CountingProxy proxy;
  private AgentLog agentLog;
  private int agentStarts;
  private Optional<Path> agentArchive;

  private Stack(Options options) throws IOException {
    this.options = options;
    this.work = options.workDir();
    kube = EmbeddedKube.start(0, options.repoRoot().resolve("helm/gastown-relay/crds"));
    kube.createCrd(copyResource("bench/polledstatuses.bench.gastown.io.yaml"));
    town = StandInTown.create(work.resolve("town"));
    Files.writeString(work.resolve("tmux-socket"), town.tmuxSocket() + "\n");
    town.setDelayMs(options.delayMs());
    // scale runs: gt's caps would refuse the slings and polecats of a large town
    town.setConfig("max_working_polecats", 100_000);
    town.setConfig("max_polecat_dirs", 100_000);
    certs = TestCertificates.create(Files.createDirectories(work.resolve("certs")));
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    tokenFile = write(work.resolve("token"), token + "\n");
    write(work.resolve("tokens"), HOST_ID + " sha256:" + sha256(token) + "\n");
    Path execLog = work.resolve("exec.log");
    gtWrapper = GtWrapper.write(work.resolve("bin"), "gt", town.gtPath(), execLog);
    bdWrapper = GtWrapper.write(work.resolve("bin"), "bd", town.bdPath(), execLog);
    journal = new CallJournal(town.root().resolve(".standin/calls.jsonl"), execLog);
    // The mock API slows down with thousands of objects (one event loop, linear scans): the
    // harness's own client waits longer than fabric8's default 10 s before it calls a request lost.
    client =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl(kube.url())
                    .withRequestTimeout(120_000)
                    .withConnectionTimeout(10_000)
                    .build())
            .build();
    crs = new Crs(client);
    tracker = new StatusTracker(client, Crs.RIGS, Crs.POLECATS);
  }

  /** Starts the API, the town, the relay and the agent; returns when the agent is ready. */
  public static Stack start(Options options) {
    try {
      Path oldTown = options.workDir().resolve("town");
      if (Files.isRegularFile(oldTown.resolve("mayor/town.json"))) {
        StandInTown.open(oldTown).close(); // a previous run's tmux server, if it survived
      }
      deleteRecursively(options.workDir());
      Files.createDirectories(options.workDir());
      Stack stack = new Stack(options);
      try {
        // both JVMs start at once (start-up dominates a quick run); the agent's first dial may
        // come before the relay listens, and its backoff retries within a second
        stack.startRelay();
        stack.startAgent(false);
        stack.await(
            () -> Http.ok(stack.relayHealthPort, "/readyz"), Duration.ofSeconds(60), "the relay");
        return stack;
      } catch (RuntimeException e) {
        stack.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + options.workDir(), e);
    }
  }

  private void startRelay() {
    Path kubeconfig = kube.writeKubeconfig(work.resolve("kubeconfig"));
    Map<String, String> env = baseEnv();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put(RelayConfig.BIND_ADDRESS, "127.0.0.1");
    env.put(RelayConfig.GRPC_PORT, Integer.toString(relayGrpcPort));
    env.put(RelayConfig.HEALTH_PORT, Integer.toString(relayHealthPort));
    env.put(RelayConfig.TLS_CERT_FILE, certs.relayCert().toString());
    env.put(RelayConfig.TLS_KEY_FILE, certs.relayKey().toString());
    env.put(RelayConfig.TOKENS_FILE, work.resolve("tokens").toString());
    env.put(RelayConfig.DEFAULT_HOST, HOST_ID);
    env.put(RelayConfig.CLUSTER_NAME, "bench");
    env.put(RelayConfig.RELAY_ID, "relay-bench");
    List<String> argv = java(options.relayJvm(), "relay");
    argv.add("-jar");
    argv.add(jar("relay", "relay").toString());
    relay = ChildProcess.start("relay", argv, env, work, work.resolve("relay.log"));
  }

  /**
   * Starts (or restarts) the host agent, dialling the relay directly or through a {@link
   * CountingProxy}; returns once its /readyz says it resynced and observed the town.
   */
  public void startAgent(boolean viaProxy) {
    stopAgent();
    int port = relayGrpcPort;
    if (viaProxy) {
      try {
        if (proxy == null) {
          proxy = CountingProxy.start(relayGrpcPort);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the counting proxy", e);
      }
      port = proxy.port();
    }
    Path yaml = write(work.resolve("agent.yaml"), agentYaml(port));
    Path log = work.resolve("agent-" + agentStarts++ + ".log");
    List<String> argv = java(options.agentJvm(), "agent-" + (agentStarts - 1));
    agentArchive().ifPresent(a -> argv.add("-XX:SharedArchiveFile=" + a));
    argv.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    argv.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=" + AgentLog.DATE_FORMAT);
    argv.addAll(List.of("-jar", jar("host-agent", "host-agent").toString()));
    argv.addAll(List.of("run", "--config", yaml.toString()));
    agentLog = new AgentLog(log);
    agent = ChildProcess.start("agent", argv, baseEnv(), work, log);
    await(() -> Http.ok(agentHealthPort, "/readyz"), Duration.ofSeconds(120), "the agent");
  }

  /** Made once per run, from the copied jar, as the installer makes it after copying the jar. */
  private Optional<Path> agentArchive() {
    if (agentArchive == null) {
      List<String> flags = List.of(options.agentJvm().trim().split("\\s+"));
      agentArchive =
          flags.contains("-Xshare:off")
              ? Optional.empty()
              : AgentCdsArchive.create(
                  Path.of(System.getProperty("java.home"), "bin", "java"),
                  flags.stream().filter(f -> !f.isEmpty()).toList(),
                  jar("host-agent", "host-agent"),
                  work.resolve("jars/host-agent.jsa"),
                  work.resolve("cds-training.log"));
      if (agentArchive.isEmpty()) {
        System.err.println(
            "bench: no AppCDS archive for the agent; see " + work.resolve("cds-training.log"));
      }
    }
    return agentArchive;
  }

  public void stopAgent() {
    if (agent != null) {
      agent.close();
      agent = null;
    }
  }

  private String agentYaml(int relayPort) {
    List<String> y = new ArrayList<>();
    y.add("hostId: " + HOST_ID);
    y.add("townRoot: " + town.root());
    y.add("gt: " + gtWrapper);
    y.add("bd: " + bdWrapper);
    y.add("stateDir: " + work.resolve("agent-state"));
    if (options.observeMillis() > 0) {
      y.add("observeIntervalMillis: " + options.observeMillis());
    }
    y.add("health:");
    y.add("  address: 127.0.0.1");
    y.add("  port: " + agentHealthPort);
    y.add("relays:");
    y.add("  - name: " + RELAY_NAME);
    y.add("    address: 127.0.0.1:" + relayPort);
    y.add("    tokenFile: " + tokenFile);
    y.add("    caFile: " + certs.caCert());
    return String.join("\n", y) + "\n";
  }

  private List<String> java(String jvmFlags, String jfrName) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : jvmFlags.trim().split("\\s+")) {
      if (!flag.isEmpty()) {
        argv.add(flag);
      }
    }
    if (options.jfr()) {
      argv.add(
          "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
              + work.resolve(jfrName + ".jfr"));
    }
    return argv;
  }

  private Map<String, String> baseEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", work.toString());
    env.put("LANG", "C.UTF-8");
    return env;
  }

  /**
   * The shaded jar, copied into the work dir once per run: a JVM loads classes lazily from its jar,
   * so a rebuild of {@code target/} during a run would otherwise break the running programs.
   */
  private Path jar(String module, String artifact) {
    Path copy = work.resolve("jars").resolve(artifact + "-all.jar");
    if (Files.exists(copy)) {
      return copy;
    }
    Path dir = options.repoRoot().resolve(module).resolve("target");
    try {
      Files.createDirectories(copy.getParent());
      // a build may be rewriting the jar right now: copy until the copy is a whole jar
      for (int attempt = 0; ; attempt++) {
        Files.copy(built(dir, artifact), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (wholeJar(copy)) {
          return copy;
        }
        if (attempt >= 30) {
          throw new IllegalStateException(dir + " holds no complete " + artifact + " jar");
        }
        TimeUnit.SECONDS.sleep(2);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "no " + dir + ": build with mvn -pl relay,host-agent,testkit,bench -am package", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Path built(Path dir, String artifact) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches(artifact + "-.*-all\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + artifact + "-*-all.jar in " + dir));
    }
  }

  /** Whether the jar opens and holds its Main-Class. */
  private static boolean wholeJar(Path jar) {
    try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
      String main = f.getManifest().getMainAttributes().getValue("Main-Class");
      return main != null && f.getEntry(main.replace('.', '/') + ".class") != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void await(java.util.function.BooleanSupplier ready, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.getAsBoolean()) {
        return;
      }
      for (ChildProcess p : new ChildProcess[] {relay, agent}) {
        if (p != null && !p.alive()) {
          throw new IllegalStateException("the " + p.name() + " exited; see " + p.log());
        }
      }
      try {
        TimeUnit.MILLISECONDS.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException(
        what + " was not ready within " + timeout + "; see the logs in " + work);
  }

  // ------------------------------------------------------------------------------------ accessors

  public Options options() {
    return options;
  }

  public Path work() {
    return work;
  }

  public StandInTown town() {
    return town;
  }

  public Crs crs() {
    return crs;
  }

  public StatusTracker tracker() {
    return tracker;
  }

  public CallJournal journal() {
    return journal;
  }

  public ChildProcess relay() {
    return relay;
  }

  public ChildProcess agent() {
    return agent;
  }

  public AgentLog agentLog() {
    return agentLog;
  }

  public Optional<CountingProxy> proxy() {
    return Optional.ofNullable(proxy);
  }

  public boolean agentReady() {
    return Http.ok(agentHealthPort, "/readyz");
  }

  /**
   * Observations of the agent that re-planned every desired resource (-1 when its /metrics does not
   * say): after a change, the next periodic cycle is such a pass.
   */
  public double agentFullPasses() {
    return Http.metric(agentHealthPort, "gastown_agent_full_passes_total").orElse(-1.0);
  }

  /** Status reports the agent holds that the relay has not yet acknowledged. */
  public double agentPendingReports() {
    return Http.metric(agentHealthPort, "gastown_agent_status_queue_depth")
        .orElseThrow(() -> new IllegalStateException("the agent's /metrics does not answer"));
  }

  /**
   * Waits until both programs are quiet: the agent has nothing left to report and the relay's
   * status-write counter has not moved, for three checks 300 ms apart; false on timeout.
   */
  public boolean awaitQuiet(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    double lastWrites = -1;
    int quiet = 0;
    while (quiet < 3) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      double writes =
          Http.metricSum(relayHealthPort, "gastown_relay_status_writes_total").orElse(-1.0);
      boolean still = writes == lastWrites && agentPendingReports() == 0;
      quiet = still ? quiet + 1 : 0;
      lastWrites = writes;
      try {
        TimeUnit.MILLISECONDS.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return true;
  }

  /** Status writes the relay made so far, all outcomes. */
  public double relayStatusWrites() {
    return Http.metricSum(relayHealthPort, "gastown_relay_status_writes_total").orElse(0.0);
  }

  /** A relay metric (first sample), or -1. */
  public double relayMetric(String name) {
    return Http.metric(relayHealthPort, name).orElse(-1.0);
  }

  @Override
  public void close() {
    stopAgent();
    if (relay != null) {
      relay.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    tracker.close();
    client.close();
    town.close();
    kube.close();
  }

  // ------------------------------------------------------------------------------------ helpers

  private static Path write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private Path copyResource(String name) throws IOException {
    Path file = work.resolve(Path.of(name).getFileName());
    try (java.io.InputStream in = Stack.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  public io.fabric8.kubernetes.client.KubernetesClient client() {
    return client;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
