package io.gastown.agent.town;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
  @TempDir Path town;
  ProcessRunner runner;

  @BeforeEach
  void setUp() {
    Map<String, String> agentEnv =
        Map.of(
            "PATH", System.getenv("PATH"),
            "HOME", "/home/agent",
            "GT_ROLE", "polecat",
            "GT_POLECAT", "nux",
            "BD_ACTOR", "x",
            "SECRET_TOKEN", "s3cret");
    runner = new ProcessRunner(town, agentEnv, Duration.ofSeconds(5), 4096);
  }

  @AfterEach
  void tearDown() {
    runner.close();
  }

  private Path script(String body) throws IOException {
    Path p = town.resolve("prog-" + System.nanoTime());
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @Test
  void environmentIsBuiltFromScratchWithTheTownRoot() throws IOException {
    ProcessResult r = runner.run(List.of(script("env | sort").toString()));
    assertTrue(r.succeeded());
    assertTrue(r.stdout().contains("GT_TOWN_ROOT=" + town), r.stdout());
    assertTrue(r.stdout().contains("HOME=/home/agent"), r.stdout());
    assertFalse(r.stdout().contains("GT_ROLE"), r.stdout());
    assertFalse(r.stdout().contains("GT_POLECAT"), r.stdout());
    assertFalse(r.stdout().contains("BD_ACTOR"), r.stdout());
    assertFalse(r.stdout().contains("s3cret"), r.stdout());
  }

  @Test
  void runsInTheTownRootWithStdinClosed() throws IOException {
    ProcessResult r = runner.run(List.of(script("pwd; cat; echo done").toString()));
    assertEquals(town.toRealPath() + "\ndone\n", r.stdout());
  }

  @Test
  void argumentsAreNeverInterpretedByAShell() throws IOException {
    Path marker = town.resolve("pwned");
    String hostile = "$(touch " + marker + "); `touch " + marker + "`; --force";
    ProcessResult r = runner.run(List.of(script("printf '%s' \"$1\"").toString(), hostile));
    assertEquals(hostile, r.stdout());
    assertFalse(Files.exists(marker));
  }

  @Test
  void exitCodeAndStderrTailAreKept() throws IOException {
    ProcessResult r =
        runner.run(
            List.of(script("echo usage >&2; echo 'Error: bad thing' >&2; exit 1").toString()));
    assertEquals(1, r.exitCode());
    assertFalse(r.succeeded());
    assertTrue(r.stderrTail().contains("Error: bad thing"));
  }

  @Test
  void outputIsBoundedAndBothStreamsDrainConcurrently() throws IOException {
    // 200 KB on each stream: a runner reading one stream after the other would deadlock.
    ProcessResult r =
        runner.run(
            List.of(
                script(
                        "i=0; while [ $i -lt 2000 ]; do "
                            + "echo 0123456789012345678901234567890123456789012345678901234567890123456789"
                            + "0123456789012345678901234567890; "
                            + "echo eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
                            + "eeeeeeeeeeeeeeeeeeeeeeeeeeeeee >&2; i=$((i+1)); done; echo 'Error: tail' >&2")
                    .toString()));
    assertTrue(r.succeeded());
    assertTrue(r.truncated());
    assertEquals(4096, r.stdout().length());
    assertTrue(r.stderrTail().endsWith("Error: tail\n"), r.stderrTail());
    assertTrue(r.stderrTail().length() <= 4096);
  }

  @Test
  void aCommandRunningPastTheTimeoutIsKilled() throws IOException {
    ProcessRunner quick = new ProcessRunner(town, Map.of(), Duration.ofMillis(300), 4096);
    try {
      long start = System.nanoTime();
      ProcessResult r = quick.run(List.of(script("echo started; exec sleep 30").toString()));
      assertTrue(r.timedOut());
      assertEquals(-1, r.exitCode());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000);
    } finally {
      quick.close();
    }
  }

  @Test
  void aMissingProgramIsAnUncheckedIoError() {
    assertThrows(
        UncheckedIOException.class, () -> runner.run(List.of(town.resolve("nope").toString())));
  }
}
