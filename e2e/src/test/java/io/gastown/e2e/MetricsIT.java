package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gastown.agent.HostAgent;
import io.gastown.testkit.RepoPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics of both programs in a running stack against the table of docs/operations.md: every
 * documented metric is served, and every served {@code gastown_*} metric is documented. The stack
 * does real work first (a Rig made Ready; an agent with a wrong token refused), so counters,
 * histograms and per-session gauges have samples; the health endpoints reflect it.
 */
class MetricsIT {
  private static final String HOST = "laptop";
  private static final Pattern DOC_ROW = Pattern.compile("(?m)^\\| `(gastown_[a-z_]+)` \\|");
  private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (gastown_[a-z_]+) ([a-z]+)$");

  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static Set<String> documented() throws IOException {
    String doc = Files.readString(RepoPaths.resolve("docs/operations.md"));
    int start = doc.indexOf("\n## Metrics\n");
    assertThat(start).as("docs/operations.md has a ## Metrics section").isPositive();
    int end = doc.indexOf("\n## ", start + 1);
    Matcher m = DOC_ROW.matcher(doc.substring(start, end < 0 ? doc.length() : end));
    Set<String> names = new TreeSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Metric names as documented (counters with their _total) mapped to their type. */
  static Map<String, String> served(String text) {
    Map<String, String> out = new TreeMap<>();
    Matcher m = TYPE.matcher(text);
    while (m.find()) {
      String type = m.group(2);
      String name = m.group(1);
      out.put(type.equals("counter") && !name.endsWith("_total") ? name + "_total" : name, type);
    }
    return out;
  }

  static HttpResponse<String> get(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static double sample(String text, String series) {
    return text.lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
        .findFirst()
        .orElse(-1);
  }

  @Test
  void everyDocumentedMetricIsServedAndEveryServedMetricIsDocumented() throws IOException {
    stack = LocalStack.start(dir, HOST);
    HostAgent agent = stack.startAgent(HOST, LocalStack.tokenOf(HOST));
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.isResynced("e2e"));
    stack.create(
        LocalStack.RIGS,
        """
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata: {name: metrics-rig}
        spec: {gitURL: "https://example.com/metrics.git", beadsPrefix: mt}
        """);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sample(stack.relayMetrics(), "gastown_relay_status_lag_seconds_count") > 0);
    HostAgent refused = stack.startAgent(HOST, "not-the-token-of-laptop");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                get(refused.healthPort(), "/metrics")
                    .body()
                    .contains("gastown_agent_relay_auth_failures_total{"));

    String relay = stack.relayMetrics();
    String good = get(agent.healthPort(), "/metrics").body();
    String bad = get(refused.healthPort(), "/metrics").body();
    Map<String, String> served = new TreeMap<>();
    served.putAll(served(relay));
    served.putAll(served(good));
    served.putAll(served(bad));
    Set<String> documented = documented();

    assertThat(documented).as("metrics table of docs/operations.md").hasSizeGreaterThan(20);
    assertThat(served.keySet())
        .as("documented metrics missing from the scrapes")
        .containsAll(documented);
    assertThat(documented)
        .as("served metrics missing from docs/operations.md")
        .containsAll(served.keySet());

    assertThat(sample(relay, "gastown_relay_connected_hosts")).isEqualTo(1);
    assertThat(relay).contains("gastown_relay_session_age_seconds{host=\"laptop\"}");
    assertThat(sample(relay, "gastown_relay_sessions_started_total{host=\"laptop\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(sample(relay, "gastown_relay_resync_duration_seconds_count")).isGreaterThan(0);
    assertThat(sample(good, "gastown_agent_status_lag_seconds_count{relay=\"e2e\"}"))
        .isGreaterThan(0);
    assertThat(sample(good, "gastown_agent_relay_connected{relay=\"e2e\"}")).isEqualTo(1);
    assertThat(good).contains("gastown_agent_gt_command_seconds_count{result=\"ok\"");
    assertThat(sample(bad, "gastown_agent_relay_connected{relay=\"e2e\"}")).isZero();
    assertThat(sample(relay, "gastown_relay_auth_failures_total{reason=\"unknown_token\"}"))
        .isGreaterThan(0);

    assertThat(get(agent.healthPort(), "/readyz").body()).startsWith("ok: serving [e2e]");
    assertThat(get(refused.healthPort(), "/readyz").statusCode()).isEqualTo(503);
    assertThat(get(refused.healthPort(), "/readyz").body())
        .startsWith("no relay session is resynced yet: [e2e]");
    assertThat(get(stack.relay.healthPort(), "/readyz").statusCode()).isEqualTo(200);
  }
}
