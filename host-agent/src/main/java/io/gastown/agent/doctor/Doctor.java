package io.gastown.agent.doctor;

import io.gastown.agent.config.AgentConfig;
import io.gastown.agent.config.ConfigDiagnosis;
import io.gastown.agent.config.HostPort;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.link.ChannelFactory;
import io.gastown.agent.town.CommandListener;
import io.gastown.agent.town.CommandRunner;
import io.gastown.agent.town.ProcessGtCli;
import io.gastown.agent.town.ProcessRunner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code host-agent doctor}: runs every check in the order a user fixes things — configuration,
 * programs, town, credentials, relays, a running agent — and prints one line per check. Exit code 1
 * when any check FAILs.
 */
public final class Doctor {
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  // gRPC logs a failed dial through java.util.logging; the report already says it, once
  private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

  private final Map<String, String> env;
  private final CommandRunner runner;
  private final RelayProbe probe;
  private final CredentialChecks credentials;
  private final ClientCertChecks clientCerts;
  private final Runtime.Version javaVersion;

  Doctor(
      Map<String, String> env,
      CommandRunner runner,
      RelayProbe probe,
      Clock clock,
      Runtime.Version java) {
    this.env = env;
    this.runner = runner;
    this.probe = probe;
    this.credentials = new CredentialChecks(clock);
    this.clientCerts = new ClientCertChecks(clock);
    this.javaVersion = java;
  }

  /**
   * Loads the configuration from {@code flags} and {@code env} as far as it goes, checks
   * everything, prints the report to {@code out} and returns the exit code (0, or 1 on any FAIL).
   */
  public static int run(List<String> flags, Map<String, String> env, PrintStream out) {
    Level grpcLevel = GRPC_LOG.getLevel();
    GRPC_LOG.setLevel(Level.OFF);
    try {
      return report(flags, env, out);
    } finally {
      GRPC_LOG.setLevel(grpcLevel);
    }
  }

  private static int report(List<String> flags, Map<String, String> env, PrintStream out) {
    ConfigDiagnosis diagnosis = AgentConfig.diagnose(null, env, flags);
    AgentConfig config = diagnosis.config();
    Path workDir =
        config.townRoot() != null && Files.isDirectory(config.townRoot())
            ? config.townRoot()
            : Path.of(System.getProperty("java.io.tmpdir"));
    ProcessRunner runner = new ProcessRunner(workDir, env, Duration.ofSeconds(20), 64 * 1024);
    try {
      Doctor doctor =
          new Doctor(
              env,
              runner,
              new RelayProbe(r -> ChannelFactory.create(r, env), Clock.systemUTC(), PROBE_TIMEOUT),
              Clock.systemUTC(),
              Runtime.version());
      List<Finding> findings = doctor.check(diagnosis);
      findings.forEach(f -> out.println(f.line()));
      out.println(summary(findings));
      return findings.stream().anyMatch(f -> f.level() == Finding.Level.FAIL) ? 1 : 0;
    } finally {
      runner.close();
    }
  }

  /** Every finding, in report order. */
  List<Finding> check(ConfigDiagnosis diagnosis) {
    AgentConfig config = diagnosis.config();
    List<Finding> out = new ArrayList<>(configFindings(diagnosis));
    ToolChecks tools = new ToolChecks(runner, env.getOrDefault("PATH", ""));
    out.add(ToolChecks.java(javaVersion, System.getProperty("java.home")));
    Finding gt = tools.gt(config.gt());
    out.add(gt);
    out.add(tools.bd(config.bd()));
    out.add(tools.tmux(config.tmux()));
    Finding town = TownChecks.town(Optional.ofNullable(config.townRoot()));
    out.add(town);
    if (gt.level() != Finding.Level.FAIL && town.level() != Finding.Level.FAIL) {
      String gtPath = tools.resolve(config.gt()).orElseThrow().toString();
      out.add(
          TownChecks.gtSeesTown(
              new ProcessGtCli(runner, gtPath, CommandListener.NONE), config.townRoot()));
    }
    if (config.stateDir() != null) {
      out.add(TownChecks.stateDir(config.stateDir()));
    }
    for (RelayConfig relay : config.relays()) {
      out.addAll(relay(relay, config.hostId()));
    }
    if (config.health() != null && config.health().address() != null) {
      out.add(RunningAgentCheck.check(config.health()));
    }
    return out;
  }

  private static List<Finding> configFindings(ConfigDiagnosis d) {
    String where = d.file().map(f -> "fix it in " + f).orElse("pass --config FILE");
    List<Finding> out = new ArrayList<>();
    for (String problem : d.problems()) {
      // the town check below explains a wrong townRoot better
      if (problem.startsWith("townRoot: ") && d.config().townRoot() != null) {
        continue;
      }
      out.add(Finding.fail("config", problem, where));
    }
    if (out.isEmpty()) {
      out.add(
          Finding.ok(
              "config",
              d.file().map(Path::toString).orElse("environment and flags")
                  + ": host '"
                  + d.config().hostId()
                  + "', "
                  + d.config().relays().size()
                  + " relay(s)"));
    }
    if (d.config().relays().isEmpty()) {
      out.add(
          Finding.warn(
              "config",
              "no relays: this agent would serve no cluster",
              "add relays: (name, address, tokenFile, caFile)"));
    }
    return out;
  }

  private List<Finding> relay(RelayConfig relay, String hostId) {
    String name = "relay " + relay.name();
    List<Finding> out = new ArrayList<>();
    if (relay.tokenFile().isPresent()) {
      out.add(credentials.token(name + " token", relay.tokenFile().get()));
    }
    if (relay.clientCertFile().isPresent() && relay.clientKeyFile().isPresent()) {
      out.add(
          clientCerts.check(
              name + " client certificate",
              relay.clientCertFile().get(),
              relay.clientKeyFile().get(),
              hostId));
    }
    if (relay.tokenFile().isEmpty() && relay.clientCertFile().isEmpty()) {
      out.add(
          Finding.fail(
              name + " credentials",
              "neither tokenFile nor clientCertFile: the relay cannot tell which host this is",
              "set tokenFile to a file holding this host's token (or clientCertFile and"
                  + " clientKeyFile for mTLS)"));
    }
    relay.caFile().ifPresent(ca -> out.add(credentials.ca(name + " CA", ca)));
    try {
      HostPort.parse(relay.address());
    } catch (IllegalArgumentException e) {
      return out; // reported with the configuration
    }
    out.addAll(ProbeVerdict.findings(relay, hostId, probe.probe(relay, hostId)));
    return out;
  }

  static String summary(List<Finding> findings) {
    long fails = findings.stream().filter(f -> f.level() == Finding.Level.FAIL).count();
    long warns = findings.stream().filter(f -> f.level() == Finding.Level.WARN).count();
    if (fails == 0 && warns == 0) {
      return "doctor: all " + findings.size() + " checks passed";
    }
    return "doctor: "
        + fails
        + " failed, "
        + warns
        + " warning(s) of "
        + findings.size()
        + " checks";
  }
}
