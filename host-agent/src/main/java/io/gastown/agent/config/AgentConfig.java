package io.gastown.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration of one host agent, validated. Built from a YAML file, environment ({@code
 * GASTOWN_AGENT_*}) and flags by {@link #load}, or in tests with {@link #builder}.
 *
 * @param hostId this host's id, as the relays know it
 * @param townRoot the Gas Town root (holds {@code mayor/town.json})
 * @param gt the gt executable: a path, or a name looked up on PATH when the agent starts
 * @param bd the bd executable
 * @param tmux the tmux executable
 * @param stateDir where the agent keeps its journal
 * @param observeIntervalMillis period of the full observation of the town: the safety net under the
 *     change notifications, which observe a change within a fraction of a second
 * @param watchTown whether the town's files and tmux sessions are watched for changes (false: only
 *     the periodic observation, for file systems without notifications)
 * @param commandTimeoutMillis longest a gt/bd/tmux command may run before it is killed
 * @param maxOutputBytes most bytes kept of one command's stdout (and of its stderr)
 * @param health the health and metrics endpoint
 * @param relays the clusters this host serves
 */
public record AgentConfig(
    String hostId,
    Path townRoot,
    String gt,
    String bd,
    String tmux,
    Path stateDir,
    long observeIntervalMillis,
    boolean watchTown,
    long commandTimeoutMillis,
    int maxOutputBytes,
    HealthConfig health,
    List<RelayConfig> relays) {

  /**
   * The periodic observation's default period. Change notifications observe what gt writes and tmux
   * sessions that end within a fraction of a second; the periodic cycle is the safety net for what
   * they cannot see (a heartbeat going stale, a Dolt server elsewhere), and its idle cost is four
   * gt processes per period.
   */
  public static final long DEFAULT_OBSERVE_INTERVAL_MILLIS = 10_000;

  public AgentConfig {
    relays = List.copyOf(relays);
  }

  /**
   * Loads and validates the configuration.
   *
   * @param yamlFile the YAML file; {@code --config} in {@code flagArgs} overrides it; null: none
   * @param env the environment ({@code System.getenv()} in main; a map in tests)
   * @param flagArgs command-line flags such as {@code --host-id h1}
   * @throws ConfigException naming every invalid field
   */
  public static AgentConfig load(Path yamlFile, Map<String, String> env, List<String> flagArgs) {
    return new ConfigLoader(env).load(yamlFile, flagArgs);
  }

  /**
   * Loads the configuration as far as it goes, for {@code host-agent doctor}: never throws, and
   * returns the problems {@link #load} would throw beside a configuration whose fields may be
   * missing (null) or invalid.
   */
  public static ConfigDiagnosis diagnose(
      Path yamlFile, Map<String, String> env, List<String> flagArgs) {
    return new ConfigLoader(env).diagnose(yamlFile, flagArgs);
  }

  /** A builder with every default of {@link #load} (the state dir from the process environment). */
  public static Builder builder(String hostId, Path townRoot) {
    return new Builder(hostId, townRoot);
  }

  /** Finds a relay by name. */
  public RelayConfig relay(String name) {
    return relays.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no relay named " + name));
  }

  /** Builds configurations in tests and in the loader; {@link #build} validates. */
  public static final class Builder {
    private final String hostId;
    private final Path townRoot;
    private String gt = "gt";
    private String bd = "bd";
    private String tmux = "tmux";
    private Path stateDir = Defaults.stateDir(System.getenv());
    private long observeIntervalMillis = DEFAULT_OBSERVE_INTERVAL_MILLIS;
    private boolean watchTown = true;
    private long commandTimeoutMillis = 60_000;
    private int maxOutputBytes = 1 << 20;
    private HealthConfig health = HealthConfig.DEFAULT;
    private final List<RelayConfig> relays = new ArrayList<>();

    private Builder(String hostId, Path townRoot) {
      this.hostId = hostId;
      this.townRoot = townRoot;
    }

    public Builder gt(String value) {
      this.gt = value;
      return this;
    }

    public Builder bd(String value) {
      this.bd = value;
      return this;
    }

    public Builder tmux(String value) {
      this.tmux = value;
      return this;
    }

    public Builder stateDir(Path value) {
      this.stateDir = value;
      return this;
    }

    public Builder observeIntervalMillis(long value) {
      this.observeIntervalMillis = value;
      return this;
    }

    public Builder watchTown(boolean value) {
      this.watchTown = value;
      return this;
    }

    public Builder commandTimeoutMillis(long value) {
      this.commandTimeoutMillis = value;
      return this;
    }

    public Builder maxOutputBytes(int value) {
      this.maxOutputBytes = value;
      return this;
    }

    public Builder health(String address, int port) {
      this.health = new HealthConfig(address, port);
      return this;
    }

    public Builder relay(RelayConfig relay) {
      this.relays.add(relay);
      return this;
    }

    /** Validates and builds; throws {@link ConfigException} naming every invalid field. */
    public AgentConfig build() {
      AgentConfig config = buildUnvalidated();
      ConfigValidator.validate(config);
      return config;
    }

    /** Builds without validating, for {@link #diagnose} (fields may be null or invalid). */
    AgentConfig buildUnvalidated() {
      return new AgentConfig(
          hostId,
          townRoot,
          gt,
          bd,
          tmux,
          stateDir,
          observeIntervalMillis,
          watchTown,
          commandTimeoutMillis,
          maxOutputBytes,
          health,
          relays);
    }
  }
}
