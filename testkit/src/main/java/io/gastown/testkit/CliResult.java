package io.gastown.testkit;

/** What one run of the stand-in {@code gt} or {@code bd} printed, and how it exited. */
public record CliResult(int exit, String stdout, String stderr) {

  public boolean ok() {
    return exit == 0;
  }

  /** stdout as lines (without line terminators). */
  public java.util.List<String> lines() {
    return stdout.lines().toList();
  }

  @Override
  public String toString() {
    return "exit=" + exit + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
  }
}
