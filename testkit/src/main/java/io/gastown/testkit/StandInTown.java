package io.gastown.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A temporary Gas Town run by the stand-in {@code gt} and {@code bd} of {@code scripts/standin},
 * with real tmux sessions on the town's own socket. Commands run as a user (or the host agent)
 * would run them: argv, working directory the town root, an environment holding only {@code
 * GT_TOWN_ROOT}. {@link #close()} kills the town's tmux server; the directory belongs to the
 * caller.
 */
public final class StandInTown implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path root;
  private final Path scripts;
  private final String socket;
  private final StandInKnobs knobs;

  private StandInTown(Path root, Path scripts) {
    this.root = root;
    this.scripts = scripts;
    this.socket = socketName(root);
    this.knobs = new StandInKnobs(root);
  }

  /** Runs {@code gt install dir} and returns the fixture for the new town. */
  public static StandInTown create(Path dir) {
    Path scripts = RepoPaths.resolve("scripts/standin").toAbsolutePath();
    Path root = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + root, e);
    }
    CliResult r =
        ProcessRunner.run(
            List.of(scripts.resolve("gt").toString(), "install", root.toString()),
            root,
            Map.of(),
            TIMEOUT);
    if (!r.ok()) {
      throw new IllegalStateException("gt install failed:\n" + r);
    }
    return new StandInTown(root, scripts);
  }

  /** A fixture for a town that already exists (e.g. one a previous fixture created). */
  public static StandInTown open(Path root) {
    Path town = root.toAbsolutePath().normalize();
    if (!Files.isRegularFile(town.resolve("mayor/town.json"))) {
      throw new IllegalArgumentException("not a town: " + town);
    }
    return new StandInTown(town, RepoPaths.resolve("scripts/standin").toAbsolutePath());
  }

  public Path root() {
    return root;
  }

  public Path gtPath() {
    return scripts.resolve("gt");
  }

  public Path bdPath() {
    return scripts.resolve("bd");
  }

  /** The fixture tool for what gt has no command for (bulk polecats, heartbeats). */
  public Path ctlPath() {
    return scripts.resolve("standin-ctl");
  }

  /** gt's per-town tmux socket name: {@code <basename>-<6 hex of sha256(real path)>}. */
  public String tmuxSocket() {
    return socket;
  }

  /** The environment every helper passes: only {@code GT_TOWN_ROOT}. */
  public Map<String, String> environment() {
    return Map.of("GT_TOWN_ROOT", root.toString());
  }

  // ------------------------------------------------------------------------------- running gt, bd

  public CliResult gt(String... args) {
    return run(gtPath(), root, environment(), TIMEOUT, args);
  }

  /**
   * gt with extra environment variables (e.g. {@code GT_ROLE}) on top of {@link #environment()}.
   */
  public CliResult gtWithEnv(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(environment());
    env.putAll(extraEnv);
    return run(gtPath(), root, env, TIMEOUT, args);
  }

  /** gt with a client-side timeout; throws {@link CliTimeoutException} when it is exceeded. */
  public CliResult gtWithTimeout(Duration timeout, String... args) {
    return run(gtPath(), root, environment(), timeout, args);
  }

  /** bd in the town root (the town's beads, prefix hq). */
  public CliResult bd(String... args) {
    return run(bdPath(), root, environment(), TIMEOUT, args);
  }

  /** bd run from a rig's directory, so it uses that rig's beads. */
  public CliResult bdInRig(String rig, String... args) {
    return run(bdPath(), root.resolve(rig), environment(), TIMEOUT, args);
  }

  /** Any of the stand-in programs with an explicit working directory and environment. */
  public static CliResult run(
      Path program, Path cwd, Map<String, String> env, Duration timeout, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(program.toString());
    argv.addAll(List.of(args));
    return ProcessRunner.run(argv, cwd, env, timeout);
  }

  // ------------------------------------------------------------------------------- town content

  /** Registers a rig (fails the test setup when gt refuses). */
  public void addRig(String name, String url) {
    require(gt("rig", "add", name, url), "gt rig add");
  }

  /** Creates a bead in a rig's beads, or in the town's ({@code "town"} or {@code "hq"}). */
  public String createBead(String rigOrTown, String title) {
    boolean town = rigOrTown.equals("town") || rigOrTown.equals("hq");
    CliResult r =
        town
            ? bd("create", "--title", title, "--json")
            : bdInRig(rigOrTown, "create", "--title", title, "--json");
    require(r, "bd create");
    return parse(r.stdout()).get("id").asText();
  }

  public void closeBead(String id) {
    require(bd("close", id, "--reason", "done by test"), "bd close");
  }

  /** The bead as {@code bd show <id> --json} prints it (first element of the array). */
  public JsonNode bead(String id) {
    CliResult r = bd("show", id, "--json");
    require(r, "bd show");
    return parse(r.stdout()).get(0);
  }

  /**
   * Creates {@code count} polecats in {@code rig}, each with its own hooked bead and a live
   * session, bypassing gt's caps; returns their names.
   */
  public List<String> populate(String rig, int count) {
    CliResult r =
        run(ctlPath(), root, environment(), TIMEOUT, "populate", rig, Integer.toString(count));
    require(r, "standin-ctl populate");
    return r.lines().stream().map(l -> l.split(" ")[0]).toList();
  }

  /** Writes a polecat's heartbeat; {@code hold} stops the pane from refreshing it. */
  public void setHeartbeat(String rig, String polecat, String state, int ageSeconds, boolean hold) {
    List<String> args = new ArrayList<>(List.of("heartbeat", rig + "/" + polecat));
    args.addAll(List.of("--state", state, "--age-seconds", Integer.toString(ageSeconds)));
    args.add(hold ? "--hold" : "--release");
    require(run(ctlPath(), root, environment(), TIMEOUT, args.toArray(String[]::new)), "heartbeat");
  }

  /** The polecat's worktree, {@code <town>/<rig>/polecats/<name>/<rig>}. */
  public Path worktree(String rig, String polecat) {
    return root.resolve(rig).resolve("polecats").resolve(polecat).resolve(rig);
  }

  /** Simulates the agent's git work: unpushed commits and an open merge request. */
  public void setGitState(String rig, String polecat, int unpushed, boolean openMr) {
    setGitState(rig, polecat, unpushed, openMr, List.of());
  }

  public void setGitState(
      String rig, String polecat, int unpushed, boolean openMr, List<String> uncommittedFiles) {
    ObjectNode git = StandInKnobs.JSON.createObjectNode();
    git.put("unpushed_commits", unpushed);
    git.set("uncommitted_files", StandInKnobs.JSON.valueToTree(uncommittedFiles));
    git.put("open_mr", openMr);
    StandInKnobs.writeAtomically(worktree(rig, polecat).resolve(".standin/git.json"), git);
  }

  // ------------------------------------------------------------------------------- knobs, faults

  /** Every later invocation sleeps this long before doing anything. */
  public void setDelayMs(int delayMs) {
    knobs.setConfig("delay_ms", delayMs);
  }

  /** Successful invocations also print a warning on stderr (clients must not parse stderr). */
  public void setStderrWarning(boolean on) {
    knobs.setConfig("stderr_warning", on);
  }

  /** Any key of {@code .standin/config.json} (see scripts/standin/README.md). */
  public void setConfig(String key, Object value) {
    knobs.setConfig(key, value);
  }

  /**
   * Makes the next {@code times} gt invocations whose arguments start with {@code match} fail in
   * {@code mode} ({@code exit1, hang, garbage, truncate, slow}); {@code times <= 0} means forever.
   */
  public void addFault(String match, String mode, int times) {
    addFault("gt", match, mode, times, -1);
  }

  /**
   * As {@link #addFault(String, String, int)}; {@code delayMs} bounds {@code hang}/{@code slow}.
   */
  public void addFault(String match, String mode, int times, int delayMs) {
    addFault("gt", match, mode, times, delayMs);
  }

  /** A fault for {@code prog} ("gt" or "bd"). */
  public void addFault(String prog, String match, String mode, int times, int delayMs) {
    ObjectNode rule = StandInKnobs.JSON.createObjectNode();
    rule.put("prog", prog);
    rule.put("match", match);
    rule.put("mode", mode);
    if (times > 0) {
      rule.put("times", times);
    }
    if (delayMs >= 0) {
      rule.put("delay_ms", delayMs);
    }
    knobs.addFault(rule);
  }

  public void clearFaults() {
    knobs.clearFaults();
  }

  // ------------------------------------------------------------------------------- observation

  /**
   * The arguments (without the program name) of every logged gt invocation, oldest first; bd's are
   * in {@link #callLog()}.
   */
  public List<List<String>> calls() {
    return callLog().stream().filter(c -> c.prog().equals("gt")).map(StandInCall::argv).toList();
  }

  /** Every logged invocation of gt and bd in this town with exit code, timing and faults. */
  public List<StandInCall> callLog() {
    Path log = root.resolve(".standin/calls.jsonl");
    if (!Files.exists(log)) {
      return List.of();
    }
    try {
      List<StandInCall> calls = new ArrayList<>();
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          calls.add(toCall(parse(line)));
        }
      }
      return calls;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /** How many gt invocations actually hooked {@code beadId} (no-ops and failures do not count). */
  public long slingCount(String beadId) {
    return callLog().stream().filter(c -> c.slung().contains(beadId)).count();
  }

  public boolean sessionAlive(String name) {
    return tmux("has-session", "-t", "=" + name).ok();
  }

  /** Kills one tmux session, as a crash of the agent would. */
  public void killSession(String name) {
    require(tmux("kill-session", "-t", "=" + name), "tmux kill-session");
  }

  /** Names of the live sessions on the town's socket. */
  public List<String> sessions() {
    CliResult r = tmux("list-sessions", "-F", "#{session_name}");
    return r.ok() ? r.lines() : List.of();
  }

  /** Kills the town's tmux server (and with it every session) and removes its socket file. */
  @Override
  public void close() {
    tmux("kill-server");
    socketPath().ifPresent(StandInTown::deleteQuietly);
  }

  /**
   * Where the server's socket lives: {@code /tmp/tmux-<uid>/<socket>} (the stand-in runs with a
   * clean environment, so {@code TMUX_TMPDIR} never applies). Empty where the uid is unknown.
   */
  public Optional<Path> socketPath() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Optional.of(Path.of("/tmp", "tmux-" + uid, socket));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      // tmux 3.3 leaves the socket behind after kill-server; without this they pile up.
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort: a leftover socket file is harmless
    }
  }

  // ------------------------------------------------------------------------------- helpers

  private CliResult tmux(String... args) {
    List<String> argv = new ArrayList<>(List.of(tmuxBinary(), "-u", "-L", socket));
    argv.addAll(List.of(args));
    return ProcessRunner.run(argv, root, Map.of(), TIMEOUT);
  }

  private static String tmuxBinary() {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin", "/opt/homebrew/bin"));
    for (String d : dirs) {
      Path p = Path.of(d.isEmpty() ? "." : d, "tmux");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return "tmux";
  }

  private static StandInCall toCall(JsonNode n) {
    List<String> argv = new ArrayList<>();
    n.path("argv").forEach(a -> argv.add(a.asText()));
    List<String> slung = new ArrayList<>();
    n.path("slung").forEach(a -> slung.add(a.asText()));
    return new StandInCall(
        n.path("ts").asLong(),
        n.path("prog").asText(),
        List.copyOf(argv),
        n.path("exit").asInt(),
        n.path("ms").asLong(),
        n.path("tmux").asInt(),
        n.hasNonNull("fault") ? Optional.of(n.get("fault").asText()) : Optional.empty(),
        List.copyOf(slung));
  }

  private static JsonNode parse(String json) {
    try {
      return StandInKnobs.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + json, e);
    }
  }

  private static void require(CliResult r, String what) {
    if (!r.ok()) {
      throw new IllegalStateException(what + " failed:\n" + r);
    }
  }

  static String socketName(Path root) {
    Path canonical;
    try {
      canonical = root.toRealPath();
    } catch (IOException e) {
      canonical = root.toAbsolutePath();
    }
    String base = sanitize(root.getFileName() == null ? "" : root.getFileName().toString());
    return base + "-" + sha256Hex(canonical.toString()).substring(0, 6);
  }

  /** gt's sanitizeTownName: lowercase, runs outside [a-z0-9-] become '-', trimmed of '-'. */
  static String sanitize(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    s = s.replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "default" : s;
  }

  private static String sha256Hex(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
