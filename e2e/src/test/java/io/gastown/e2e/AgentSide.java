package io.gastown.e2e;

import io.gastown.agent.HostAgent;
import io.gastown.agent.config.AgentConfig;
import io.gastown.testkit.RepoPaths;
import io.gastown.testkit.StandInTown;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One host agent of the fault tests, configured for any number of clusters: in this JVM, or as its
 * own process (the shaded jar, as systemd runs it) that a test kills with SIGKILL and starts again
 * on the same state directory.
 */
final class AgentSide implements AutoCloseable {
  /** One cluster in the agent's configuration. */
  record Link(String name, String address, Path tokenFile, Path caFile) {
    static Link to(ClusterSide cluster, String host, Path dir) throws IOException {
      return new Link(
          cluster.name,
          cluster.agentAddress(),
          cluster.writeToken(host, dir.resolve("token-" + cluster.name)),
          cluster.certs.caCert());
    }
  }

  final Path dir;
  final Path yaml;
  final int healthPort;
  private HostAgent agent;
  private Process process;

  private AgentSide(Path dir, Path yaml, int healthPort) {
    this.dir = dir;
    this.yaml = yaml;
    this.healthPort = healthPort;
  }

  /**
   * Writes the agent's configuration: {@code extra} lines are added at the top level (e.g. {@code
   * commandTimeoutMillis: 2000}).
   */
  static AgentSide configure(
      Path dir, String hostId, StandInTown town, List<Link> links, List<String> extra)
      throws IOException {
    Files.createDirectories(dir);
    int healthPort = Ports.free();
    List<String> lines = new ArrayList<>();
    lines.add("hostId: " + hostId);
    lines.add("townRoot: " + town.root());
    lines.add("gt: " + town.gtPath());
    lines.add("bd: " + town.bdPath());
    lines.add("stateDir: " + dir.resolve("state"));
    lines.add("observeIntervalMillis: 500");
    lines.addAll(extra);
    lines.add("health:");
    lines.add("  address: 127.0.0.1");
    lines.add("  port: " + healthPort);
    lines.add("relays:");
    for (Link l : links) {
      lines.add("  - name: " + l.name());
      lines.add("    address: " + l.address());
      lines.add("    tokenFile: " + l.tokenFile());
      lines.add("    caFile: " + l.caFile());
    }
    Path yaml = Files.write(dir.resolve("agent.yaml"), lines);
    return new AgentSide(dir, yaml, healthPort);
  }

  HostAgent startInProcess() throws IOException {
    agent = HostAgent.start(AgentConfig.load(yaml, Map.of(), List.of()));
    return agent;
  }

  HostAgent agent() {
    return agent;
  }

  /** Starts the agent as its own JVM; its output goes to {@code agent.log}. */
  Process startProcess() throws IOException {
    Path jar = RepoPaths.resolve("host-agent/target/host-agent-0.1.0-SNAPSHOT-all.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (mvn -pl host-agent package)");
    }
    process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                // wall-clock stamps, so a test's timings can be read against both logs
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-jar",
                jar.toString(),
                "run",
                "--config",
                yaml.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()))
            .start();
    process.getOutputStream().close();
    return process;
  }

  /** Waits until the agent process serves its health endpoint (at most 60 s). */
  void awaitServing() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + healthPort + "/healthz"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      if (System.nanoTime() > deadline || process == null || !process.isAlive()) {
        throw new IllegalStateException("the agent process did not start; see " + dir);
      }
      Thread.sleep(50);
    }
  }

  /** SIGKILL, as a crash or an OOM kill would. */
  void killProcess() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
      process = null;
    }
  }

  /** The agent's Prometheus text. */
  String metrics() throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
    }
    if (agent != null) {
      agent.close();
    }
  }
}
