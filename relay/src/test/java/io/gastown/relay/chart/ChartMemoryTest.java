package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The relay's memory as the chart sizes it. Measured with 10,000 CRs (scripts/bench.sh, footprint):
 * a 58–68 MiB live heap; RSS 348–378 MiB with a 192 MiB heap, 321 MiB with 138 MiB and 309 MiB with
 * 128 MiB, since SerialGC commits the whole heap under load and the JVM needs ≈ 180 MiB besides.
 * The defaults must keep that RSS under the limit with headroom, and the heap at least twice the
 * live set.
 */
class ChartMemoryTest {
  private static final Pattern PERCENT = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)");
  private static final double LIVE_HEAP_MIB_AT_10K = 68;
  private static final double NON_HEAP_MIB_AT_10K = 321 - 138;
  private static final double HEADROOM_MIB = 48;

  @Test
  void theDefaultHeapIsTwiceTheLiveSetAndTheRssAtTenThousandCrsFitsTheLimit() {
    RenderedChart chart = RenderedChart.render(Map.of());
    double limit =
        mebibytes(chart.relayContainer().path("resources").path("limits").path("memory"));
    double heap = limit * percentage(javaOpts(chart)) / 100;
    assertEquals(384, limit);
    assertTrue(heap >= 2 * LIVE_HEAP_MIB_AT_10K, "heap " + heap + " MiB");
    assertTrue(
        heap + NON_HEAP_MIB_AT_10K + HEADROOM_MIB <= limit,
        "heap " + heap + " MiB + non-heap " + NON_HEAP_MIB_AT_10K + " MiB in " + limit + " MiB");
  }

  @Test
  void theJvmRunsWithTheHeapShareSerialGcAndExitOnOutOfMemory() {
    List<String> flags = Arrays.asList(javaOpts(RenderedChart.render(Map.of())).split("\\s+"));
    assertEquals(
        List.of("-XX:MaxRAMPercentage=36", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
        flags);
  }

  @Test
  void theMemoryRequestEqualsTheLimitSinceTheHeapIsNeverGivenBack() {
    JsonNode resources = RenderedChart.render(Map.of()).relayContainer().path("resources");
    assertEquals("384Mi", resources.path("limits").path("memory").asText());
    assertEquals("384Mi", resources.path("requests").path("memory").asText());
    assertEquals("50m", resources.path("requests").path("cpu").asText());
  }

  private static String javaOpts(RenderedChart chart) {
    for (JsonNode env : chart.relayContainer().path("env")) {
      if (env.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
        return env.path("value").asText();
      }
    }
    throw new AssertionError("no JAVA_TOOL_OPTIONS");
  }

  private static double percentage(String javaOpts) {
    Matcher m = PERCENT.matcher(javaOpts);
    assertTrue(m.find(), javaOpts);
    return Double.parseDouble(m.group(1));
  }

  private static double mebibytes(JsonNode quantity) {
    String q = quantity.asText();
    if (q.endsWith("Gi")) {
      return Double.parseDouble(q.substring(0, q.length() - 2)) * 1024;
    }
    assertTrue(q.endsWith("Mi"), q);
    return Double.parseDouble(q.substring(0, q.length() - 2));
  }
}
