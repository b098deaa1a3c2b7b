package io.gastown.bench.town;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The {@code gt} (and {@code bd}) the agent runs during a benchmark: a bash script that appends its
 * pid and the wall clock ({@code $EPOCHREALTIME}, microseconds, a bash builtin, no extra process)
 * to an exec log, then {@code exec}s the stand-in with the same pid.
 *
 * <p>Why: the stand-in stamps {@code calls.jsonl} only once Python has started and imported its
 * modules (≈ 12 ms after the spawn), and after its per-call delay. The wrapper's stamp is taken
 * right after the kernel started the process, so "gt invoked" means what the design means: the
 * process was started. Joining on pid (kept across {@code exec}) gives each logged call its spawn
 * time.
 */
public final class GtWrapper {
  private GtWrapper() {}

  /** Writes {@code dir/<prog>} that logs to {@code execLog} and becomes {@code target}. */
  public static Path write(Path dir, String prog, Path target, Path execLog) {
    String script =
        "#!/bin/bash\n"
            + "# benchmark wrapper: when was this "
            + prog
            + " started? (see bench/.../GtWrapper.java)\n"
            + "printf '%s %s "
            + prog
            + "\\n' \"$$\" \"$EPOCHREALTIME\" >> "
            + quote(execLog.toString())
            + "\n"
            + "exec "
            + quote(target.toString())
            + " \"$@\"\n";
    Path file = dir.resolve(prog);
    try {
      Files.createDirectories(dir);
      Files.writeString(file, script);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
