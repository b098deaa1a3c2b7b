package io.gastown.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fault injection, delays, stderr warnings and the calls log. */
class StandInFaultsTest extends TownTestBase {

  @Test
  void exit1FaultFailsTheMatchingCallsThenExpires() {
    town.addFault("rig list", "exit1", 2);

    CliResult first = town.gt("rig", "list", "--json");
    CliResult second = town.gt("rig", "list");
    CliResult third = town.gt("rig", "list", "--json");
    CliResult other = town.gt("session", "list", "--json");

    assertEquals(1, first.exit());
    assertTrue(first.stderr().startsWith("Error: "), first::toString);
    assertEquals(1, second.exit());
    assertEquals(0, third.exit(), third::toString);
    assertEquals(0, other.exit(), other::toString);
  }

  @Test
  void garbageFaultPrintsSomethingThatIsNotJson() {
    town.addFault("session list", "garbage", 1);

    CliResult r = town.gt("session", "list", "--json");

    assertEquals(0, r.exit());
    assertThrows(Exception.class, () -> JSON.readTree(r.stdout()));
  }

  @Test
  void truncateFaultCutsTheOutput() {
    town.addRig("gastown", "https://github.com/example/gastown.git");
    String full = town.gt("rig", "list", "--json").stdout();
    town.addFault("rig list", "truncate", 1);

    CliResult r = town.gt("rig", "list", "--json");

    assertEquals(full.substring(0, full.length() / 2), r.stdout());
  }

  @Test
  void hangFaultOutlastsAClientTimeoutAndEndsAfterItsDelay() {
    town.addFault("status", "hang", 2, 1500);

    assertThrows(
        CliTimeoutException.class,
        () -> town.gtWithTimeout(Duration.ofMillis(300), "status", "--json"));

    long start = System.nanoTime();
    CliResult r = town.gt("status", "--json");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, r.exit());
    assertTrue(millis >= 1400, () -> "returned after " + millis + " ms");
    List<StandInCall> hung =
        town.callLog().stream().filter(c -> c.fault().equals(Optional.of("hang"))).toList();
    assertEquals(2, hung.size(), "both hung calls are logged, the killed one too");
    assertEquals(-1, hung.get(0).exit());
  }

  @Test
  void faultsCanTargetBd() {
    town.addFault("bd", "list", "exit1", 1, -1);

    assertEquals(1, town.bd("list", "--json").exit());
    assertEquals(0, town.bd("list", "--json").exit());
    assertEquals(0, town.gt("convoy", "list", "--json").exit());
  }

  @Test
  void delayAndStderrWarningApplyToEveryCall() {
    town.setDelayMs(200);
    town.setStderrWarning(true);

    long start = System.nanoTime();
    CliResult r = town.gt("rig", "list", "--json");
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(0, r.exit());
    assertTrue(millis >= 200, () -> "took " + millis + " ms");
    assertTrue(r.stdout().startsWith("No rigs configured."));
    assertTrue(r.stderr().startsWith("Warning: "), r::toString);
  }

  @Test
  void callsLogRecordsEveryInvocation() {
    town.addFault("rig list", "exit1", 1);
    town.gt("rig", "list", "--json");
    town.bd("list", "--json");

    List<StandInCall> calls = town.callLog();

    StandInCall rigList = calls.get(calls.size() - 2);
    assertEquals("gt", rigList.prog());
    assertEquals(List.of("rig", "list", "--json"), rigList.argv());
    assertEquals(1, rigList.exit());
    assertEquals(Optional.of("exit1"), rigList.fault());
    StandInCall bdList = calls.get(calls.size() - 1);
    assertEquals("bd", bdList.prog());
    assertEquals(0, bdList.exit());
    assertTrue(bdList.ts() >= rigList.ts());
  }
}
