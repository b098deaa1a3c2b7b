package io.gastown.agent.town;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link GtCli} over real gt processes: builds argv lists (each value one element; free text as
 * {@code --flag=value} so it can never be read as another option), runs them, and hands stdout to
 * the parsers. stderr is only used for error messages.
 */
public final class ProcessGtCli implements GtCli {
  private final CommandRunner runner;
  private final String gt;
  private final CommandListener listener;

  public ProcessGtCli(CommandRunner runner, String gtExecutable, CommandListener listener) {
    this.runner = runner;
    this.gt = gtExecutable;
    this.listener = listener;
  }

  @Override
  public List<RigInfo> rigList() {
    return run("rig list", List.of("rig", "list", "--json"), RigOutputParser::rigList);
  }

  @Override
  public void rigAdd(String rigName, String gitUrl, String prefix, String branch) {
    List<String> args = new ArrayList<>(List.of("rig", "add", rigName, gitUrl, "--prefix", prefix));
    if (!branch.isEmpty()) {
      args.add("--branch");
      args.add(branch);
    }
    run("rig add", args, out -> null);
  }

  @Override
  public void rigRemove(String rigName, boolean force) {
    List<String> args = new ArrayList<>(List.of("rig", "remove", rigName));
    if (force) {
      args.add("--force");
    }
    run("rig remove", args, out -> null);
  }

  @Override
  public List<PolecatInfo> polecatListAll() {
    return run(
        "polecat list",
        List.of("polecat", "list", "--all", "--json"),
        PolecatOutputParser::polecatList);
  }

  @Override
  public PolecatDetail polecatStatus(String rigName, String polecatName) {
    return run(
        "polecat status",
        List.of("polecat", "status", rigName + "/" + polecatName, "--json"),
        PolecatOutputParser::polecatStatus);
  }

  @Override
  public List<SessionInfo> sessionList() {
    return run(
        "session list", List.of("session", "list", "--json"), PolecatOutputParser::sessionList);
  }

  @Override
  public SlingResult sling(SlingRequest r) {
    List<String> args = new ArrayList<>(List.of("sling", r.beadId(), r.rigName()));
    option(args, "--agent", r.agent());
    option(args, "--subject", r.subject());
    option(args, "--message", r.message());
    option(args, "--merge", r.merge());
    option(args, "--base-branch", r.baseBranch());
    return run("sling", args, SlingOutputParser::parse);
  }

  @Override
  public void sessionStop(String rigName, String polecatName, boolean force) {
    List<String> args = new ArrayList<>(List.of("session", "stop", rigName + "/" + polecatName));
    if (force) {
      args.add("--force");
    }
    run("session stop", args, out -> null);
  }

  @Override
  public void polecatNuke(String rigName, String polecatName, boolean force) {
    List<String> args = new ArrayList<>(List.of("polecat", "nuke", rigName + "/" + polecatName));
    if (force) {
      args.add("--force");
    }
    run("polecat nuke", args, out -> null);
  }

  @Override
  public String version() {
    return run("version", List.of("version"), out -> VersionParser.parse("gt version", out));
  }

  @Override
  public List<ConvoyInfo> convoyList() {
    return run(
        "convoy list",
        List.of("convoy", "list", "--json", "--all"),
        ConvoyOutputParser::convoyList);
  }

  @Override
  public String convoyCreate(ConvoyCreateRequest r) {
    // The description is positional (gt has no flag for it): the validator refused every value
    // gt could read as an option or as an issue id before it got here.
    List<String> args = new ArrayList<>(List.of("convoy", "create", r.description()));
    args.addAll(r.beads());
    option(args, "--owner", r.owner());
    option(args, "--notify", r.notifyAddress());
    option(args, "--merge", r.merge());
    option(args, "--base-branch", r.baseBranch());
    return run("convoy create", args, ConvoyOutputParser::createdId);
  }

  @Override
  public void convoyAdd(String convoyId, List<String> beads) {
    List<String> args = new ArrayList<>(List.of("convoy", "add", convoyId));
    args.addAll(beads);
    run("convoy add", args, out -> null);
  }

  @Override
  public void convoyClose(String convoyId, boolean force) {
    List<String> args = new ArrayList<>(List.of("convoy", "close", convoyId));
    if (force) {
      args.add("--force");
    }
    run("convoy close", args, out -> null);
  }

  /** Free text goes as one {@code --flag=value} element: it cannot become an option. */
  private static void option(List<String> args, String flag, String value) {
    if (!value.isEmpty()) {
      args.add(flag + "=" + value);
    }
  }

  private <T> T run(String subcommand, List<String> args, Function<String, T> parser) {
    List<String> argv = new ArrayList<>(args.size() + 1);
    argv.add(gt);
    argv.addAll(args);
    String command = "gt " + subcommand;
    ProcessResult result;
    try {
      result = runner.run(argv);
    } catch (UncheckedIOException e) {
      listener.completed(subcommand, "error", Duration.ZERO);
      // 127, as a shell says for a program it cannot run: nothing happened
      throw new GtCommandException(command, 127, e.getMessage());
    }
    if (result.timedOut()) {
      listener.completed(subcommand, "timeout", result.duration());
      throw new GtCommandException(
          command, -1, "timed out after " + result.duration().toMillis() + " ms");
    }
    if (result.exitCode() != 0) {
      listener.completed(subcommand, "error", result.duration());
      throw new GtCommandException(command, result.exitCode(), errorMessage(result));
    }
    if (result.truncated()) {
      // A cut listing could still parse (or read as "nothing"): never act on part of the town.
      listener.completed(subcommand, "unreadable", result.duration());
      throw new GtOutputException(command, "output exceeded maxOutputBytes", result.stdout());
    }
    try {
      T parsed = parser.apply(result.stdout());
      listener.completed(subcommand, "ok", result.duration());
      return parsed;
    } catch (GtOutputException e) {
      listener.completed(subcommand, "unreadable", result.duration());
      throw e;
    }
  }

  /** gt's {@code Error: <msg>} line from stderr, else its first line, else the exit code. */
  static String errorMessage(ProcessResult result) {
    String first = "";
    for (String raw : result.stderrTail().split("\n")) {
      String line = raw.strip();
      if (line.startsWith("Error: ")) {
        return line.substring("Error: ".length()).strip();
      }
      if (!line.isEmpty() && first.isEmpty()) {
        first = line;
      }
    }
    if (!first.isEmpty()) {
      return first;
    }
    String out = result.stdout().strip();
    if (!out.isEmpty()) {
      String[] lines = out.split("\n");
      return lines[lines.length - 1].strip();
    }
    return "exit code " + result.exitCode();
  }
}
