package io.gastown.relay;

import io.gastown.relay.api.GastownNames;
import io.gastown.relay.session.ClientAuthMode;
import io.gastown.relay.session.ClientCertAuth;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relay's configuration, from environment variables (and {@code --kebab-case=value} flags
 * naming the same keys, e.g. {@code --grpc-port=9443} for RELAY_GRPC_PORT). Immutable; checked by
 * {@link #validate()} before anything starts. It holds paths, never secrets, so it is logged whole.
 */
public record RelayConfig(
    String bindAddress,
    int grpcPort,
    int healthPort,
    Optional<Path> tlsCertFile,
    Optional<Path> tlsKeyFile,
    boolean devPlaintextLoopback,
    Optional<Path> tokensFile,
    Optional<String> defaultHost,
    String clusterName,
    String relayId,
    String watchNamespace,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    Duration hostGrace,
    Optional<Path> clientCaFile,
    Optional<ClientAuthMode> clientAuth,
    Optional<Path> revokedCertsFile,
    String leaseNamespace,
    Duration automatonRelease,
    String mirrorNamespace) {

  public static final String BIND_ADDRESS = "RELAY_BIND_ADDRESS";
  public static final String GRPC_PORT = "RELAY_GRPC_PORT";
  public static final String HEALTH_PORT = "RELAY_HEALTH_PORT";
  public static final String TLS_CERT_FILE = "RELAY_TLS_CERT_FILE";
  public static final String TLS_KEY_FILE = "RELAY_TLS_KEY_FILE";
  public static final String DEV_PLAINTEXT_LOOPBACK = "RELAY_DEV_PLAINTEXT_LOOPBACK";
  public static final String TOKENS_FILE = "RELAY_TOKENS_FILE";
  public static final String DEFAULT_HOST = "RELAY_DEFAULT_HOST";
  public static final String CLUSTER_NAME = "RELAY_CLUSTER_NAME";
  public static final String RELAY_ID = "RELAY_ID";
  public static final String WATCH_NAMESPACE = "RELAY_WATCH_NAMESPACE";
  public static final String HEARTBEAT_INTERVAL_MS = "RELAY_HEARTBEAT_INTERVAL_MS";
  public static final String HEARTBEAT_TIMEOUT_MS = "RELAY_HEARTBEAT_TIMEOUT_MS";
  public static final String HOST_GRACE_MS = "RELAY_HOST_GRACE_MS";

  /**
   * Where the per-host Leases live; defaults to {@link #POD_NAMESPACE} (set by the chart). Empty:
   * no Leases, so no fencing across replicas (one replica, development).
   */
  public static final String LEASE_NAMESPACE = "RELAY_LEASE_NAMESPACE";

  public static final String POD_NAMESPACE = "POD_NAMESPACE";

  /** How long a claiming host may be away (after the host grace) before its claims are released. */
  public static final String AUTOMATON_RELEASE_MS = "RELAY_AUTOMATON_RELEASE_MS";

  /** Namespace of mirrored Polecats and Convoys; default the watch namespace, else the pod's. */
  public static final String MIRROR_NAMESPACE = "RELAY_MIRROR_NAMESPACE";

  public static final String CLIENT_CA_FILE = "RELAY_CLIENT_CA_FILE";
  public static final String CLIENT_AUTH = "RELAY_CLIENT_AUTH";
  public static final String REVOKED_CERTS_FILE = "RELAY_REVOKED_CERTS_FILE";

  static final Set<String> KEYS =
      Set.of(
          BIND_ADDRESS,
          GRPC_PORT,
          HEALTH_PORT,
          TLS_CERT_FILE,
          TLS_KEY_FILE,
          DEV_PLAINTEXT_LOOPBACK,
          TOKENS_FILE,
          DEFAULT_HOST,
          CLUSTER_NAME,
          RELAY_ID,
          WATCH_NAMESPACE,
          HEARTBEAT_INTERVAL_MS,
          HEARTBEAT_TIMEOUT_MS,
          HOST_GRACE_MS,
          CLIENT_CA_FILE,
          CLIENT_AUTH,
          REVOKED_CERTS_FILE,
          LEASE_NAMESPACE,
          AUTOMATON_RELEASE_MS,
          MIRROR_NAMESPACE);

  public static RelayConfig fromEnv(Map<String, String> env) {
    return fromEnv(env, new String[0]);
  }

  /** Reads the environment, then flags (which win); throws with every problem found. */
  public static RelayConfig fromEnv(Map<String, String> env, String[] args) {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new HashMap<>();
    KEYS.forEach(k -> values.put(k, env.get(k)));
    values.putAll(flags(args, problems));
    Reader r = new Reader(values, problems);
    Builder b =
        builder()
            .bindAddress(r.string(BIND_ADDRESS, "0.0.0.0"))
            .grpcPort(r.integer(GRPC_PORT, 8443))
            .healthPort(r.integer(HEALTH_PORT, 8080))
            .devPlaintextLoopback(r.bool(DEV_PLAINTEXT_LOOPBACK))
            .clusterName(r.string(CLUSTER_NAME, "default"))
            .relayId(r.string(RELAY_ID, defaultRelayId(env)))
            .watchNamespace(r.string(WATCH_NAMESPACE, ""))
            .heartbeatInterval(Duration.ofMillis(r.integer(HEARTBEAT_INTERVAL_MS, 10_000)))
            .heartbeatTimeout(Duration.ofMillis(r.integer(HEARTBEAT_TIMEOUT_MS, 30_000)))
            .hostGrace(Duration.ofMillis(r.integer(HOST_GRACE_MS, 15_000)))
            .leaseNamespace(r.string(LEASE_NAMESPACE, env.getOrDefault(POD_NAMESPACE, "").strip()))
            .automatonRelease(Duration.ofMillis(r.integer(AUTOMATON_RELEASE_MS, 300_000)))
            // default: the watched namespace when one is set (it must be), else the pod's
            .mirrorNamespace(
                r.string(
                    MIRROR_NAMESPACE,
                    r.string(WATCH_NAMESPACE, "").isEmpty()
                        ? env.getOrDefault(POD_NAMESPACE, "").strip()
                        : ""));
    r.optional(TLS_CERT_FILE).map(Path::of).ifPresent(b::tlsCertFile);
    r.optional(TLS_KEY_FILE).map(Path::of).ifPresent(b::tlsKeyFile);
    r.optional(TOKENS_FILE).map(Path::of).ifPresent(b::tokensFile);
    r.optional(DEFAULT_HOST).ifPresent(b::defaultHost);
    r.optional(CLIENT_CA_FILE).map(Path::of).ifPresent(b::clientCaFile);
    r.optional(REVOKED_CERTS_FILE).map(Path::of).ifPresent(b::revokedCertsFile);
    r.optional(CLIENT_AUTH)
        .ifPresent(
            v ->
                ClientAuthMode.parse(v)
                    .ifPresentOrElse(
                        b::clientAuth,
                        () ->
                            problems.add(CLIENT_AUTH + "=" + v + " must be optional or require")));
    RelayConfig config = b.build();
    problems.addAll(config.problems());
    throwIfAny(problems);
    return config;
  }

  /** Throws an {@link IllegalArgumentException} naming every problem; returns this otherwise. */
  public RelayConfig validate() {
    throwIfAny(problems());
    return this;
  }

  /** Everything wrong with this configuration, each naming the key to fix. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    port(p, GRPC_PORT, grpcPort);
    port(p, HEALTH_PORT, healthPort);
    Optional<InetAddress> bind = resolve(p);
    if (devPlaintextLoopback) {
      if (bind.isPresent() && !bind.get().isLoopbackAddress()) {
        p.add(
            DEV_PLAINTEXT_LOOPBACK
                + "=true is refused: "
                + BIND_ADDRESS
                + "="
                + bindAddress
                + " is not a loopback address (plaintext is for 127.0.0.1 or ::1 only)");
      }
    } else {
      readableFile(
          p, TLS_CERT_FILE, tlsCertFile, " (or " + DEV_PLAINTEXT_LOOPBACK + "=true on loopback)");
      readableFile(p, TLS_KEY_FILE, tlsKeyFile, "");
    }
    if (tokensFile.isPresent() || clientAuth.orElse(null) != ClientAuthMode.REQUIRE) {
      readableFile(
          p,
          TOKENS_FILE,
          tokensFile,
          " (lines '<host-id> sha256:<hex>'), unless " + CLIENT_AUTH + "=require");
    }
    clientCertProblems(p);
    defaultHost.ifPresent(
        h -> {
          if (!GastownNames.HOST_ID.matcher(h).matches()) {
            p.add(DEFAULT_HOST + "=" + h + " is not a valid host id (a DNS label)");
          }
        });
    if (clusterName.isBlank()) {
      p.add(CLUSTER_NAME + " must not be empty");
    }
    if (relayId.isBlank()) {
      p.add(RELAY_ID + " must not be empty");
    }
    if (heartbeatInterval.toMillis() <= 0) {
      p.add(HEARTBEAT_INTERVAL_MS + " must be positive");
    }
    if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
      p.add(HEARTBEAT_TIMEOUT_MS + " must be greater than " + HEARTBEAT_INTERVAL_MS);
    }
    if (hostGrace.isNegative()) {
      p.add(HOST_GRACE_MS + " must not be negative");
    }
    if (!leaseNamespace.isEmpty() && !GastownNames.HOST_ID.matcher(leaseNamespace).matches()) {
      p.add(LEASE_NAMESPACE + "=" + leaseNamespace + " is not a namespace name (a DNS label)");
    }
    if (automatonRelease.isNegative()) {
      p.add(AUTOMATON_RELEASE_MS + " must not be negative");
    }
    if (!mirrorNamespace.isEmpty() && !GastownNames.HOST_ID.matcher(mirrorNamespace).matches()) {
      p.add(MIRROR_NAMESPACE + "=" + mirrorNamespace + " is not a namespace name (a DNS label)");
    } else if (!watchNamespace.isEmpty()
        && !mirrorNamespace.isEmpty()
        && !mirrorNamespace.equals(watchNamespace)) {
      p.add(
          MIRROR_NAMESPACE
              + "="
              + mirrorNamespace
              + " must equal "
              + WATCH_NAMESPACE
              + "="
              + watchNamespace
              + " (the relay would not see the resources it mirrors)");
    }
    return p;
  }

  private void clientCertProblems(List<String> p) {
    if (clientCaFile.isEmpty()) {
      clientAuth.ifPresent(
          m -> p.add(CLIENT_AUTH + "=" + m.text() + " needs " + CLIENT_CA_FILE + " (mTLS)"));
      revokedCertsFile.ifPresent(
          f -> p.add(REVOKED_CERTS_FILE + " needs " + CLIENT_CA_FILE + " (mTLS)"));
      return;
    }
    if (devPlaintextLoopback) {
      p.add(CLIENT_CA_FILE + " needs TLS, not " + DEV_PLAINTEXT_LOOPBACK + "=true");
    }
    readableFile(p, CLIENT_CA_FILE, clientCaFile, "");
    if (revokedCertsFile.isPresent()) {
      readableFile(p, REVOKED_CERTS_FILE, revokedCertsFile, "");
    }
  }

  /** The mTLS settings, when a client CA is configured (mode optional unless said otherwise). */
  public Optional<ClientCertAuth> clientCertAuth() {
    return clientCaFile.map(
        ca -> new ClientCertAuth(ca, clientAuth.orElse(ClientAuthMode.OPTIONAL), revokedCertsFile));
  }

  private static void port(List<String> p, String key, int port) {
    if (port < 0 || port > 65535) {
      p.add(key + "=" + port + " is not a port (0-65535; 0 picks a free one)");
    }
  }

  private Optional<InetAddress> resolve(List<String> p) {
    try {
      return Optional.of(InetAddress.getByName(bindAddress));
    } catch (UnknownHostException e) {
      p.add(BIND_ADDRESS + "=" + bindAddress + " cannot be resolved");
      return Optional.empty();
    }
  }

  private static void readableFile(List<String> p, String key, Optional<Path> file, String hint) {
    if (file.isEmpty()) {
      p.add(key + " is required" + hint);
    } else if (!Files.isRegularFile(file.get()) || !Files.isReadable(file.get())) {
      p.add(key + "=" + file.get() + " does not exist or is not readable");
    }
  }

  private static void throwIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid relay configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  /** One line for the start-up log. */
  public String describe() {
    String tls =
        devPlaintextLoopback
            ? "PLAINTEXT (development, loopback only)"
            : "cert "
                + tlsCertFile.map(Path::toString).orElse("-")
                + ", key "
                + tlsKeyFile.map(Path::toString).orElse("-");
    return String.format(
        Locale.ROOT,
        "bind %s, grpc port %d, health port %d, tls %s, tokens file %s, client certificates %s,"
            + " default host %s, cluster %s, relay id %s, namespace %s, heartbeat %d ms / timeout"
            + " %d ms, host grace %d ms, host leases %s, automaton claims released after %d ms"
            + " away, mirror namespace %s",
        bindAddress,
        grpcPort,
        healthPort,
        tls,
        tokensFile.map(Path::toString).orElse("-"),
        clientCertAuth()
            .map(
                c ->
                    c.mode().text()
                        + " (CA "
                        + c.caFile()
                        + ", revoked "
                        + c.revokedCertsFile().map(Path::toString).orElse("-")
                        + ")")
            .orElse("off"),
        defaultHost.orElse("-"),
        clusterName,
        relayId,
        watchNamespace.isEmpty() ? "(all)" : watchNamespace,
        heartbeatInterval.toMillis(),
        heartbeatTimeout.toMillis(),
        hostGrace.toMillis(),
        leaseNamespace.isEmpty() ? "off (one replica)" : "in namespace " + leaseNamespace,
        automatonRelease.toMillis(),
        effectiveMirrorNamespace());
  }

  /** Where mirrored Polecats and Convoys go: the configured namespace, else the watched one. */
  public String effectiveMirrorNamespace() {
    if (!mirrorNamespace.isEmpty()) {
      return mirrorNamespace;
    }
    return watchNamespace.isEmpty() ? "default" : watchNamespace;
  }

  private static String defaultRelayId(Map<String, String> env) {
    String hostname = env.get("HOSTNAME");
    if (hostname != null && !hostname.isBlank()) {
      return hostname;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "relay";
    }
  }

  private static Map<String, String> flags(String[] args, List<String> problems) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        problems.add("unexpected argument " + a);
        continue;
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        problems.add("flag --" + name + " needs a value");
        continue;
      }
      String upper = name.toUpperCase(Locale.ROOT).replace('-', '_');
      String key = KEYS.contains(upper) ? upper : "RELAY_" + upper; // --relay-id or --id
      if (!KEYS.contains(key)) {
        problems.add("unknown flag --" + name);
        continue;
      }
      out.put(key, value);
    }
    return out;
  }

  /** Typed reads of the raw values, collecting problems instead of failing at the first. */
  private record Reader(Map<String, String> values, List<String> problems) {
    Optional<String> optional(String key) {
      String v = values.get(key);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    String string(String key, String fallback) {
      return optional(key).orElse(fallback);
    }

    int integer(String key, int fallback) {
      Optional<String> v = optional(key);
      if (v.isEmpty()) {
        return fallback;
      }
      try {
        return Integer.parseInt(v.get());
      } catch (NumberFormatException e) {
        problems.add(key + "=" + v.get() + " is not a number");
        return fallback;
      }
    }

    boolean bool(String key) {
      Optional<String> v = optional(key);
      if (v.isEmpty() || v.get().equalsIgnoreCase("false")) {
        return false;
      }
      if (v.get().equalsIgnoreCase("true")) {
        return true;
      }
      problems.add(key + "=" + v.get() + " must be true or false");
      return false;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .bindAddress(bindAddress)
        .grpcPort(grpcPort)
        .healthPort(healthPort)
        .tlsCertFile(tlsCertFile.orElse(null))
        .tlsKeyFile(tlsKeyFile.orElse(null))
        .devPlaintextLoopback(devPlaintextLoopback)
        .tokensFile(tokensFile.orElse(null))
        .defaultHost(defaultHost.orElse(null))
        .clusterName(clusterName)
        .relayId(relayId)
        .watchNamespace(watchNamespace)
        .heartbeatInterval(heartbeatInterval)
        .heartbeatTimeout(heartbeatTimeout)
        .hostGrace(hostGrace)
        .clientCaFile(clientCaFile.orElse(null))
        .clientAuth(clientAuth.orElse(null))
        .revokedCertsFile(revokedCertsFile.orElse(null))
        .leaseNamespace(leaseNamespace)
        .automatonRelease(automatonRelease)
        .mirrorNamespace(mirrorNamespace);
  }

  /** Builds a configuration with the same defaults as {@link #fromEnv}; for tests and tools. */
  public static final class Builder {
    private String bindAddress = "0.0.0.0";
    private int grpcPort = 8443;
    private int healthPort = 8080;
    private Path tlsCertFile;
    private Path tlsKeyFile;
    private boolean devPlaintextLoopback;
    private Path tokensFile;
    private String defaultHost;
    private String clusterName = "default";
    private String relayId = "relay";
    private String watchNamespace = "";
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private Duration heartbeatTimeout = Duration.ofSeconds(30);
    private Duration hostGrace = Duration.ofSeconds(15);
    private Path clientCaFile;
    private ClientAuthMode clientAuth;
    private Path revokedCertsFile;
    private String leaseNamespace = "";
    private Duration automatonRelease = Duration.ofMinutes(5);
    private String mirrorNamespace = "";

    public Builder bindAddress(String v) {
      bindAddress = v;
      return this;
    }

    public Builder grpcPort(int v) {
      grpcPort = v;
      return this;
    }

    public Builder healthPort(int v) {
      healthPort = v;
      return this;
    }

    public Builder tlsCertFile(Path v) {
      tlsCertFile = v;
      return this;
    }

    public Builder tlsKeyFile(Path v) {
      tlsKeyFile = v;
      return this;
    }

    public Builder devPlaintextLoopback(boolean v) {
      devPlaintextLoopback = v;
      return this;
    }

    public Builder tokensFile(Path v) {
      tokensFile = v;
      return this;
    }

    public Builder defaultHost(String v) {
      defaultHost = v;
      return this;
    }

    public Builder clusterName(String v) {
      clusterName = v;
      return this;
    }

    public Builder relayId(String v) {
      relayId = v;
      return this;
    }

    public Builder watchNamespace(String v) {
      watchNamespace = v;
      return this;
    }

    public Builder heartbeatInterval(Duration v) {
      heartbeatInterval = v;
      return this;
    }

    public Builder heartbeatTimeout(Duration v) {
      heartbeatTimeout = v;
      return this;
    }

    public Builder hostGrace(Duration v) {
      hostGrace = v;
      return this;
    }

    public Builder clientCaFile(Path v) {
      clientCaFile = v;
      return this;
    }

    public Builder clientAuth(ClientAuthMode v) {
      clientAuth = v;
      return this;
    }

    public Builder revokedCertsFile(Path v) {
      revokedCertsFile = v;
      return this;
    }

    /** How long a claiming host may be away before its Automaton claims are released. */
    public Builder automatonRelease(Duration v) {
      automatonRelease = v;
      return this;
    }

    /** Namespace of mirrored Polecats and Convoys; "" for the watched one (or "default"). */
    public Builder mirrorNamespace(String v) {
      mirrorNamespace = v;
      return this;
    }

    /** Namespace of the per-host Leases; "" keeps none (one replica). */
    public Builder leaseNamespace(String v) {
      leaseNamespace = v;
      return this;
    }

    public RelayConfig build() {
      return new RelayConfig(
          bindAddress,
          grpcPort,
          healthPort,
          Optional.ofNullable(tlsCertFile),
          Optional.ofNullable(tlsKeyFile),
          devPlaintextLoopback,
          Optional.ofNullable(tokensFile),
          Optional.ofNullable(defaultHost).filter(h -> !h.isBlank()),
          clusterName,
          relayId,
          watchNamespace == null ? "" : watchNamespace,
          heartbeatInterval,
          heartbeatTimeout,
          hostGrace,
          Optional.ofNullable(clientCaFile),
          Optional.ofNullable(clientAuth),
          Optional.ofNullable(revokedCertsFile),
          leaseNamespace == null ? "" : leaseNamespace.strip(),
          automatonRelease,
          mirrorNamespace == null ? "" : mirrorNamespace.strip());
    }
  }
}
