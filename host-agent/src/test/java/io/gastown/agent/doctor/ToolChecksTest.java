package io.gastown.agent.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.agent.doctor.Finding.Level;
import io.gastown.agent.town.CommandRunner;
import io.gastown.agent.town.ProcessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version checks against canned outputs; the executables exist but are never really run. */
class ToolChecksTest {
  @TempDir Path dir;
  final List<List<String>> ran = new ArrayList<>();

  Path executable(String name) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  ToolChecks answering(int exit, String stdout) {
    CommandRunner runner =
        argv -> {
          ran.add(argv);
          return new ProcessResult(
              argv, exit, stdout, "boom\n", Duration.ofMillis(1), false, false);
        };
    return new ToolChecks(runner, dir.toString());
  }

  @Test
  void tmuxOlderThanThreeFailsNamingTheMinimum() throws IOException {
    Path tmux = executable("tmux");
    Finding f = answering(0, "tmux 2.9\n").tmux(tmux.toString());
    assertEquals(Level.FAIL, f.level(), f.line());
    assertTrue(f.detail().contains("tmux 2.9") && f.detail().contains("older than 3.0"), f.line());
    assertTrue(f.fix().contains("tmux 3.0 or newer"), f.line());
    assertEquals(List.of(tmux.toString(), "-V"), ran.get(0));
  }

  @Test
  void tmuxWithLettersOrANextPrefixPasses() throws IOException {
    executable("tmux");
    assertEquals(Level.OK, answering(0, "tmux 3.3a\n").tmux("tmux").level());
    assertEquals(Level.OK, answering(0, "tmux next-3.4\n").tmux("tmux").level());
    assertEquals(Level.WARN, answering(0, "tmux master\n").tmux("tmux").level());
  }

  @Test
  void bdBelowTheVersionGtNeedsFails() throws IOException {
    executable("bd");
    Finding old = answering(0, "bd version 0.56.1 (abc)\n").bd("bd");
    assertEquals(Level.FAIL, old.level(), old.line());
    assertTrue(old.detail().contains("older than 0.57.0"), old.line());
    assertEquals(Level.OK, answering(0, "bd version 0.57.0 (standin)\n").bd("bd").level());
  }

  @Test
  void gtAcceptsAnyVersionItPrintsAndWarnsWhenThereIsNone() throws IOException {
    executable("gt");
    Finding fork = answering(0, "gt version 1.2.2-ex1 (release: main@abc)\n").gt("gt");
    assertEquals(Level.OK, fork.level());
    assertTrue(fork.detail().startsWith("gt 1.2.2-ex1 at "), fork.line());
    assertEquals(Level.WARN, answering(0, "hello\n").gt("gt").level());
  }

  @Test
  void aMissingExecutableFailsWithWhereToGetIt() {
    Finding f = answering(0, "").gt("no-such-gt");
    assertEquals(Level.FAIL, f.level());
    assertTrue(f.detail().contains("'no-such-gt' is not an executable file"), f.line());
    assertTrue(f.fix().contains("install gt"), f.line());
    assertTrue(ran.isEmpty());
  }

  @Test
  void aFailingOrUnstartableToolFailsWithItsError() throws IOException {
    executable("bd");
    Finding f = answering(3, "").bd("bd");
    assertEquals(Level.FAIL, f.level());
    assertTrue(f.detail().contains("exited 3: boom"), f.line());
    CommandRunner broken =
        argv -> {
          throw new UncheckedIOException(new IOException("Exec format error"));
        };
    Finding g = new ToolChecks(broken, dir.toString()).bd("bd");
    assertEquals(Level.FAIL, g.level());
    assertTrue(g.detail().contains("cannot run"), g.line());
  }

  @Test
  void javaSeventeenOrNewerPasses() {
    assertEquals(Level.OK, ToolChecks.java(Runtime.Version.parse("17.0.15"), "/jdk").level());
    assertEquals(Level.OK, ToolChecks.java(Runtime.Version.parse("25"), "/jdk").level());
    Finding old = ToolChecks.java(Runtime.Version.parse("11.0.2"), "/jdk");
    assertEquals(Level.FAIL, old.level());
    assertTrue(old.fix().contains("Java 17"), old.line());
  }
}
