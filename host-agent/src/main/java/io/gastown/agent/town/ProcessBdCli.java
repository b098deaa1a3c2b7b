package io.gastown.agent.town;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link BdCli} over real bd processes, run in the rig's directory so bd picks the rig's beads (and
 * prefix). Free text goes as {@code --flag=value}, one argv element, never an option.
 */
public final class ProcessBdCli implements BdCli {
  private final CommandRunner runner;
  private final String bd;
  private final Path townRoot;
  private final CommandListener listener;

  public ProcessBdCli(CommandRunner runner, String bdExecutable, Path townRoot, CommandListener l) {
    this.runner = runner;
    this.bd = bdExecutable;
    this.townRoot = townRoot;
    this.listener = l;
  }

  @Override
  public String ensureBead(BeadRequest r) {
    Path dir = townRoot.resolve(r.rigName());
    String found =
        run(
            "list",
            dir,
            List.of("list", "--json", "--all", "--label=" + r.label()),
            out -> {
              JsonNode issues = GtJson.array("bd list", out);
              return issues.isEmpty() ? "" : GtJson.required("bd list", issues.get(0), "id", out);
            });
    if (!found.isEmpty()) {
      return found;
    }
    List<String> args = new ArrayList<>(List.of("create", "--title=" + r.title()));
    if (!r.description().isEmpty()) {
      args.add("--description=" + r.description());
    }
    args.add("--labels=" + r.label());
    args.add("--json");
    return run(
        "create",
        dir,
        args,
        out -> {
          JsonNode n = GtJson.parse("bd create", out);
          return GtJson.required("bd create", n, "id", out);
        });
  }

  private <T> T run(
      String subcommand, Path dir, List<String> args, java.util.function.Function<String, T> p) {
    List<String> argv = new ArrayList<>(args.size() + 1);
    argv.add(bd);
    argv.addAll(args);
    String command = "bd " + subcommand;
    ProcessResult result;
    try {
      result = runner.run(argv, dir);
    } catch (UncheckedIOException e) {
      listener.completed(command, "error", java.time.Duration.ZERO);
      throw new GtCommandException(command, 127, e.getMessage());
    }
    if (result.timedOut()) {
      listener.completed(command, "timeout", result.duration());
      throw new GtCommandException(
          command, -1, "timed out after " + result.duration().toMillis() + " ms");
    }
    if (result.exitCode() != 0) {
      listener.completed(command, "error", result.duration());
      throw new GtCommandException(command, result.exitCode(), bdError(result));
    }
    if (result.truncated()) {
      listener.completed(command, "unreadable", result.duration());
      throw new GtOutputException(command, "output exceeded maxOutputBytes", result.stdout());
    }
    try {
      T parsed = p.apply(result.stdout());
      listener.completed(command, "ok", result.duration());
      return parsed;
    } catch (GtOutputException e) {
      listener.completed(command, "unreadable", result.duration());
      throw e;
    }
  }

  /** bd prints {@code {"error": ...}} on stdout with --json, else {@code Error: ...} on stderr. */
  static String bdError(ProcessResult result) {
    try {
      JsonNode n = GtJson.parse("bd", result.stdout());
      if (n.isObject() && n.hasNonNull("error")) {
        return n.get("error").asText();
      }
    } catch (GtOutputException e) {
      // not JSON: fall back to gt's convention
    }
    return ProcessGtCli.errorMessage(result);
  }
}
