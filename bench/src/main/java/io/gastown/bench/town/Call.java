package io.gastown.bench.town;

import java.util.List;

/**
 * One invocation of the stand-in gt or bd, as logged in {@code calls.jsonl}, joined with the
 * wrapper's spawn stamp when the agent ran it.
 *
 * @param tsMillis the stand-in's own stamp: after Python started, before its per-call delay
 * @param prog gt or bd
 * @param argv arguments without the program
 * @param exit exit code
 * @param ms how long the stand-in ran, measured by itself (excludes interpreter start-up)
 * @param tmux tmux processes the invocation started
 * @param pid the process id
 * @param spawnMicros the wrapper's stamp (wall clock, µs) when the agent started it; -1 when the
 *     call did not come through the wrapper (the harness's own calls, the polling comparator)
 */
public record Call(
    long tsMillis,
    String prog,
    List<String> argv,
    int exit,
    long ms,
    int tmux,
    long pid,
    long spawnMicros) {

  /** Whether the host agent made this call. */
  public boolean byAgent() {
    return spawnMicros >= 0;
  }

  /** Whether this is gt with the given leading arguments, e.g. {@code is("rig", "add")}. */
  public boolean is(String... leading) {
    if (!prog.equals("gt") || argv.size() < leading.length) {
      return false;
    }
    for (int i = 0; i < leading.length; i++) {
      if (!argv.get(i).equals(leading[i])) {
        return false;
      }
    }
    return true;
  }

  /** The wall-clock instant the process was spawned, in µs (the wrapper's stamp). */
  public double spawnMillis() {
    return spawnMicros / 1000.0;
  }
}
