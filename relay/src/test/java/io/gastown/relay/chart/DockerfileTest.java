package io.gastown.relay.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gastown.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * relay/Dockerfile and the Helm chart cannot drift apart: the image runs as the chart's non-root
 * user, holds the jar where the chart's command looks for it, exposes the ports of values.yaml and
 * starts the JVM with the flags the chart passes. (Docker builds cannot run here; this reads the
 * file.)
 */
class DockerfileTest {
  private static Map<String, List<String>> instructions;
  private static RenderedChart chart;
  private static JsonNode values;

  @BeforeAll
  static void read() throws IOException {
    instructions = parse(Files.readString(RepoPaths.resolve("relay/Dockerfile")));
    chart = RenderedChart.render(Map.of());
    values = Yamls.read(RenderedChart.chartDir().resolve("values.yaml"));
  }

  @Test
  void runsOnAJava17RuntimeAsTheProjectCompilesFor() throws IOException {
    String pom = Files.readString(RepoPaths.resolve("pom.xml"));
    Matcher release = Pattern.compile("<maven.compiler.release>(\\d+)<").matcher(pom);
    assertTrue(release.find());
    assertEquals(List.of("eclipse-temurin:" + release.group(1) + "-jre"), instructions.get("FROM"));
  }

  @Test
  void runsAsTheChartsNonRootUser() {
    String[] user = single("USER").split(":");
    JsonNode pod = chart.pod().path("securityContext");
    assertNotEquals("0", user[0]);
    assertTrue(user[0].matches("\\d+"), "a numeric uid, so runAsNonRoot can verify it");
    assertEquals(pod.path("runAsUser").asText(), user[0]);
    assertEquals(pod.path("runAsGroup").asText(), user[1]);
  }

  @Test
  void copiesTheShadedJarToWhereTheChartsCommandLooksForIt() throws IOException {
    List<String> command = new ArrayList<>();
    chart.relayContainer().path("command").forEach(c -> command.add(c.asText()));
    assertEquals("-jar", command.get(command.size() - 2));
    String jar = command.get(command.size() - 1);
    String[] copy = single("COPY").split("\\s+");
    assertEquals(jar, copy[1]);
    String relayPom = Files.readString(RepoPaths.resolve("relay/pom.xml"));
    assertTrue(relayPom.contains("<shadedClassifierName>all</shadedClassifierName>"));
    String version =
        firstMatch(relayPom, "<version>([^<]+)<"); // the parent's, which the relay inherits
    Path shaded = Path.of("target", "relay-" + version + "-all.jar");
    assertTrue(
        FileSystems.getDefault().getPathMatcher("glob:" + copy[0]).matches(shaded),
        copy[0] + " must match " + shaded);
  }

  @Test
  void exposesThePortsOfTheChartsValues() {
    Set<Integer> exposed = new TreeSet<>();
    Arrays.stream(single("EXPOSE").split("\\s+")).forEach(p -> exposed.add(Integer.valueOf(p)));
    Set<Integer> chartPorts =
        new TreeSet<>(
            List.of(
                values.path("grpc").path("port").asInt(),
                values.path("health").path("port").asInt()));
    assertEquals(chartPorts, exposed);
  }

  @Test
  void startsTheJvmWithTheFlagsTheChartPasses() throws IOException {
    JsonNode entrypoint = new ObjectMapper().readTree(single("ENTRYPOINT"));
    assertTrue(entrypoint.isArray(), "exec form, so the JVM is PID 1 and receives SIGTERM");
    List<String> argv = new ArrayList<>();
    entrypoint.forEach(a -> argv.add(a.asText()));
    assertEquals("java", argv.get(0));
    assertEquals(List.of("-jar", "/app/relay.jar"), argv.subList(argv.size() - 2, argv.size()));
    Set<String> flags = new TreeSet<>(argv.subList(1, argv.size() - 2));
    assertTrue(
        flags.containsAll(List.of("-XX:MaxRAMPercentage=36", "-XX:+UseSerialGC")), flags::toString);
    Set<String> chartFlags =
        new TreeSet<>(Arrays.asList(values.path("javaOpts").asText().split("\\s+")));
    assertEquals(chartFlags, flags);
  }

  private static String single(String instruction) {
    List<String> found = instructions.getOrDefault(instruction, List.of());
    assertEquals(1, found.size(), "one " + instruction + " instruction");
    return found.get(0);
  }

  private static String firstMatch(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex);
    return m.group(1);
  }

  /** Instruction -> arguments, in order; comments dropped, continuation lines joined. */
  static Map<String, List<String>> parse(String dockerfile) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String joined = dockerfile.replaceAll("\\\\\\r?\\n", " ");
    for (String line : joined.split("\\r?\\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split("\\s+", 2);
      out.computeIfAbsent(parts[0].toUpperCase(), k -> new ArrayList<>())
          .add(parts.length > 1 ? parts[1].strip() : "");
    }
    return out;
  }
}
