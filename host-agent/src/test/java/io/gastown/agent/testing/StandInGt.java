package io.gastown.agent.testing;

import io.gastown.testkit.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The repository's stand-in gt/bd (scripts/standin), used directly: makes a town, runs commands in
 * it, and kills the town's private tmux server afterwards.
 */
public final class StandInGt {
  private StandInGt() {}

  public static Path gt() {
    return RepoPaths.resolve("scripts/standin/gt");
  }

  public static Path bd() {
    return RepoPaths.resolve("scripts/standin/bd");
  }

  /** {@code gt install <town>}. */
  public static Path install(Path town) {
    run(town, town.getParent(), List.of(gt().toString(), "install", town.toString()));
    return town;
  }

  /** Runs gt in the town; returns stdout. */
  public static String gt(Path town, String... args) {
    List<String> argv = new ArrayList<>(List.of(gt().toString()));
    argv.addAll(List.of(args));
    return run(town, town, argv);
  }

  /** Runs bd in a directory of the town (a rig's directory for rig beads); returns stdout. */
  public static String bd(Path town, Path cwd, String... args) {
    List<String> argv = new ArrayList<>(List.of(bd().toString()));
    argv.addAll(List.of(args));
    return run(town, cwd, argv);
  }

  /** gt's tmux socket name for a town: basename plus six hex digits of the path's hash. */
  public static String tmuxSocket(Path town) {
    try {
      String canonical = town.toRealPath().toString();
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return town.getFileName() + "-" + HexFormat.of().formatHex(d).substring(0, 6);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Kills the town's tmux server (tests only ever use this private socket). */
  public static void killTmux(Path town) {
    try {
      Process p =
          new ProcessBuilder("tmux", "-L", tmuxSocket(town), "kill-server")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no tmux: nothing to kill
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String run(Path town, Path cwd, List<String> argv) {
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
      pb.environment().remove("GT_ROLE");
      pb.environment().remove("GT_POLECAT");
      pb.environment().put("GT_TOWN_ROOT", town.toString());
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            argv + " failed: " + new String(err, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
