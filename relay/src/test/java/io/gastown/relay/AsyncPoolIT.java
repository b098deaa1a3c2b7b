package io.gastown.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On a machine with two CPUs, the relay's Kubernetes requests must not start a thread each (the JDK
 * HttpClient completes them on CompletableFuture's default executor; see {@link AsyncPool}). Each
 * case runs {@link ThreadBurstProbe} in a fresh JVM told it has two CPUs, since the executor is
 * fixed for the life of a JVM.
 */
class AsyncPoolIT {
  private static final int BURST = 200;

  @Test
  void aBurstOfRequestsAndWatchEventsStartsFewThreadsAfterTheRelaysStart() throws Exception {
    long started = threadsStarted("relay-start");

    assertTrue(started < BURST / 10, started + " threads started for " + BURST + " requests");
  }

  @Test
  void withoutItEveryRequestStartsAThread() throws Exception {
    // the probe sees the failure mode the first case guards against
    long started = threadsStarted("bare");

    assertTrue(started >= BURST, started + " threads started for " + BURST + " requests");
  }

  private static long threadsStarted(String mode) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> argv =
        List.of(
            java.toString(),
            "-XX:ActiveProcessorCount=2",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xmx128m",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Djava.util.logging.config.file=/dev/null",
            "-cp",
            System.getProperty("java.class.path"),
            ThreadBurstProbe.class.getName(),
            mode,
            Integer.toString(BURST));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    Matcher m = Pattern.compile("threadsStarted=(\\d+)").matcher(out);
    assertTrue(m.find(), out);
    return Long.parseLong(m.group(1));
  }
}
