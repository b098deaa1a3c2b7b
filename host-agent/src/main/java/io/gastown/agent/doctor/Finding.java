package io.gastown.agent.doctor;

/**
 * The result of one check: one line of the doctor's report.
 *
 * @param level OK, WARN or FAIL
 * @param check what was checked, e.g. {@code tmux} or {@code relay prod auth}
 * @param detail what was found (never a secret)
 * @param fix what to do about it; empty for OK
 */
public record Finding(Level level, String check, String detail, String fix) {

  /** How bad a finding is; any FAIL makes doctor exit 1. */
  public enum Level {
    OK,
    WARN,
    FAIL
  }

  public static Finding ok(String check, String detail) {
    return new Finding(Level.OK, check, detail, "");
  }

  public static Finding warn(String check, String detail, String fix) {
    return new Finding(Level.WARN, check, detail, fix);
  }

  public static Finding fail(String check, String detail, String fix) {
    return new Finding(Level.FAIL, check, detail, fix);
  }

  /** {@code OK check: detail}, or {@code FAIL check: detail — fix}. */
  public String line() {
    String head = String.format("%-4s %s: %s", level, check, detail);
    return fix.isEmpty() ? head : head + " — " + fix;
  }
}
