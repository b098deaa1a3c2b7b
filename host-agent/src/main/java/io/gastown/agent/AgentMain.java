package io.gastown.agent;

import io.gastown.agent.config.AgentConfig;
import io.gastown.agent.config.ConfigException;
import io.gastown.agent.doctor.Doctor;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point: {@code run --config FILE}, {@code doctor --config FILE}, {@code version}, and the
 * installer's {@code cds-training}.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs a subcommand and returns its exit code ({@code run} returns only when stopped). */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println("usage: host-agent run|doctor --config FILE [--host-id ID ...] | version");
      return 2;
    }
    List<String> flags = Arrays.asList(args).subList(1, args.length);
    switch (args[0]) {
      case "version":
        out.println("host-agent " + AgentVersion.VERSION);
        return 0;
      case "doctor":
        // doctor reads a broken configuration as far as it goes and reports it with the rest
        return Doctor.run(flags, env, out);
      case "run":
        return withConfig(flags, env, err, config -> runAgent(config, env));
      case "cds-training":
        // the installer's AppCDS training run: loads what a start loads, offline
        return CdsTraining.run(out);
      default:
        err.println("unknown subcommand '" + args[0] + "' (run, doctor, version)");
        return 2;
    }
  }

  private interface Command {
    int run(AgentConfig config);
  }

  private static int withConfig(
      List<String> flags, Map<String, String> env, PrintStream err, Command command) {
    AgentConfig config;
    try {
      config = AgentConfig.load(null, env, flags);
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println("config: " + p));
      return 2;
    }
    return command.run(config);
  }

  private static int runAgent(AgentConfig config, Map<String, String> env) {
    HostAgent agent = HostAgent.start(config, env);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                },
                "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
