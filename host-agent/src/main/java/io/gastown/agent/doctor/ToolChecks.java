package io.gastown.agent.doctor;

import io.gastown.agent.town.CommandRunner;
import io.gastown.agent.town.Executables;
import io.gastown.agent.town.ProcessResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java, gt, bd and tmux: found, runnable, and at least the versions gt itself needs
 * (gt-cli-contract §5: bd ≥ 0.57.0, tmux ≥ 3.0). Executables are run as the agent runs them: argv,
 * clean environment, no shell.
 */
final class ToolChecks {
  static final int MIN_JAVA = 17;
  static final String MIN_BD = "0.57.0";
  static final String MIN_TMUX = "3.0";
  private static final Pattern GT_VERSION = Pattern.compile("gt version (\\S+)");
  private static final Pattern BD_VERSION = Pattern.compile("bd version v?(\\S+)");
  private static final Pattern TMUX_VERSION = Pattern.compile("tmux (\\S+)");

  private final CommandRunner runner;
  private final String pathVariable;

  ToolChecks(CommandRunner runner, String pathVariable) {
    this.runner = runner;
    this.pathVariable = pathVariable;
  }

  static Finding java(Runtime.Version version, String javaHome) {
    if (version.feature() < MIN_JAVA) {
      return Finding.fail(
          "java",
          "Java " + version + " at " + javaHome + " is older than " + MIN_JAVA,
          "install Java " + MIN_JAVA + " or newer and run the agent with it");
    }
    return Finding.ok("java", "Java " + version + " at " + javaHome);
  }

  /** gt: any version gt prints is accepted; the agent is written against gt 1.0. */
  Finding gt(String configured) {
    return tool(
        "gt",
        configured,
        List.of("version"),
        GT_VERSION,
        Optional.empty(),
        "install gt (https://github.com/steveyegge/gastown) or set gt: in the config to its path");
  }

  Finding bd(String configured) {
    return tool(
        "bd",
        configured,
        List.of("version"),
        BD_VERSION,
        Optional.of(MIN_BD),
        "install beads (bd) " + MIN_BD + " or newer, or set bd: in the config to its path");
  }

  Finding tmux(String configured) {
    return tool(
        "tmux",
        configured,
        List.of("-V"),
        TMUX_VERSION,
        Optional.of(MIN_TMUX),
        "install tmux " + MIN_TMUX + " or newer, or set tmux: in the config to its path");
  }

  /** The absolute path of a configured executable, if it is one. */
  Optional<Path> resolve(String configured) {
    return configured == null || configured.isBlank()
        ? Optional.empty()
        : Executables.resolve(configured, pathVariable);
  }

  private Finding tool(
      String name,
      String configured,
      List<String> args,
      Pattern versionPattern,
      Optional<String> minimum,
      String fix) {
    Optional<Path> path = resolve(configured);
    if (path.isEmpty()) {
      return Finding.fail(
          name, "'" + configured + "' is not an executable file, nor found on PATH", fix);
    }
    List<String> argv = new ArrayList<>();
    argv.add(path.get().toString());
    argv.addAll(args);
    ProcessResult r;
    try {
      r = runner.run(argv);
    } catch (RuntimeException e) {
      return Finding.fail(name, "cannot run " + path.get() + ": " + e.getMessage(), fix);
    }
    String command = path.get() + " " + String.join(" ", args);
    if (r.timedOut()) {
      return Finding.fail(name, command + " did not finish in time", fix);
    }
    if (r.exitCode() != 0) {
      return Finding.fail(
          name, command + " exited " + r.exitCode() + tail(r.stderrTail()), "check " + path.get());
    }
    Matcher m = versionPattern.matcher(r.stdout());
    if (!m.find()) {
      return Finding.warn(
          name,
          command + " printed no version I can read: '" + firstLine(r.stdout()) + "'",
          "check that " + path.get() + " is " + name);
    }
    String version = m.group(1);
    if (minimum.isEmpty()) {
      return Finding.ok(name, name + " " + version + " at " + path.get());
    }
    Optional<Boolean> enough = Versions.atLeast(version, minimum.get());
    if (enough.isEmpty()) {
      return Finding.warn(
          name,
          name
              + " "
              + version
              + " at "
              + path.get()
              + ": cannot tell whether it is "
              + minimum.get()
              + " or newer",
          "use a released " + name + " " + minimum.get() + " or newer");
    }
    if (!enough.get()) {
      return Finding.fail(
          name,
          name + " " + version + " at " + path.get() + " is older than " + minimum.get(),
          fix);
    }
    return Finding.ok(name, name + " " + version + " at " + path.get());
  }

  private static String tail(String stderr) {
    String s = stderr.strip();
    return s.isEmpty() ? "" : ": " + firstLine(s);
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 120) + "…" : line;
  }
}
