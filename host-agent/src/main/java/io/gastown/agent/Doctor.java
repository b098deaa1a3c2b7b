package io.gastown.agent;

import io.gastown.agent.config.AgentConfig;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.town.CommandRunner;
import io.gastown.agent.town.Executables;
import io.gastown.agent.town.ProcessResult;
import io.gastown.agent.town.VersionParser;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code host-agent doctor}: checks what the agent needs, one line each — OK, or FAIL with what to
 * fix. Never prints a token, only whether its file is readable.
 */
final class Doctor {
  private final AgentConfig config;
  private final Map<String, String> env;
  private final CommandRunner runner;
  private final PrintStream out;
  private int failures;

  Doctor(AgentConfig config, Map<String, String> env, CommandRunner runner, PrintStream out) {
    this.config = config;
    this.env = env;
    this.runner = runner;
    this.out = out;
  }

  /** Runs every check; returns the number of failures. */
  int run() {
    executable("gt", config.gt(), List.of("version"), "set gt: in the config or install gt");
    executable("bd", config.bd(), List.of("version"), "set bd: in the config or install beads");
    executable("tmux", config.tmux(), List.of("-V"), "install tmux 3.0 or newer");
    town();
    for (RelayConfig relay : config.relays()) {
      relay(relay);
    }
    return failures;
  }

  private void executable(String what, String configured, List<String> args, String fix) {
    Optional<Path> path = Executables.resolve(configured, env.getOrDefault("PATH", ""));
    if (path.isEmpty()) {
      fail(what, "'" + configured + "' is not an executable file nor on PATH", fix);
      return;
    }
    List<String> argv = new java.util.ArrayList<>();
    argv.add(path.get().toString());
    argv.addAll(args);
    try {
      ProcessResult r = runner.run(argv);
      if (!r.succeeded()) {
        fail(what, path.get() + " " + String.join(" ", args) + " exited " + r.exitCode(), fix);
        return;
      }
      ok(what, path.get() + " version " + VersionParser.parse(what, r.stdout()));
    } catch (RuntimeException e) {
      fail(what, "cannot run " + path.get() + ": " + e.getMessage(), fix);
    }
  }

  private void town() {
    Path townJson = config.townRoot().resolve("mayor/town.json");
    if (Files.isReadable(townJson)) {
      ok("town", config.townRoot() + " holds mayor/town.json");
    } else {
      fail(
          "town",
          config.townRoot() + " has no readable mayor/town.json",
          "set townRoot to your Gas Town root (gt install)");
    }
    Path state = config.stateDir();
    try {
      Files.createDirectories(state);
      if (Files.isWritable(state)) {
        ok("stateDir", state + " is writable");
      } else {
        fail("stateDir", state + " is not writable", "fix its permissions or set stateDir");
      }
    } catch (IOException e) {
      fail("stateDir", "cannot create " + state, "set stateDir to a writable directory");
    }
  }

  private void relay(RelayConfig r) {
    String what = "relay " + r.name();
    r.tokenFile()
        .ifPresent(
            f -> {
              if (Files.isReadable(f)) {
                ok(what + " token", f + " is readable");
              } else {
                fail(what + " token", f + " is not readable", "write this host's token to it");
              }
            });
    r.caFile()
        .ifPresent(
            f -> {
              if (Files.isReadable(f)) {
                ok(what + " CA", f + " is readable");
              } else {
                fail(what + " CA", f + " is not readable", "point caFile at the relay's CA bundle");
              }
            });
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(r.host(), r.port()), 3000);
      ok(what, r.address() + " is reachable");
    } catch (IOException e) {
      fail(
          what,
          r.address() + " is not reachable (" + e.getMessage() + ")",
          "check the address, the network, or HTTPS_PROXY");
    }
  }

  private void ok(String what, String detail) {
    out.println("OK   " + what + ": " + detail);
  }

  private void fail(String what, String detail, String fix) {
    failures++;
    out.println("FAIL " + what + ": " + detail + " — " + fix);
  }
}
