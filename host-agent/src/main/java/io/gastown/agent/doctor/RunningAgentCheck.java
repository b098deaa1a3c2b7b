package io.gastown.agent.doctor;

import io.gastown.agent.config.HealthConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether an agent already runs with this configuration, asked through its {@code /readyz}: ready,
 * running but not ready (and why), or not running (the port is free for one).
 */
final class RunningAgentCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private RunningAgentCheck() {}

  static Finding check(HealthConfig health) {
    String check = "running agent";
    if (health.port() == 0) {
      return Finding.ok(check, "health.port is 0 (a free port each start): not checked");
    }
    String host = health.address().contains(":") ? "[" + health.address() + "]" : health.address();
    if (host.equals("0.0.0.0") || host.equals("[::]")) {
      host = "127.0.0.1";
    }
    URI uri = URI.create("http://" + host + ":" + health.port() + "/readyz");
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpResponse<String> response;
    try {
      response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      return Finding.ok(check, "none answers on " + uri.getAuthority() + " (not running)");
    } catch (IOException e) {
      return Finding.warn(
          check,
          uri.getAuthority() + " answers, but not as an agent (" + e.getMessage() + ")",
          "set health.port to a free port");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Finding.warn(check, "interrupted", "run doctor again");
    }
    String body = response.body().strip();
    if (response.statusCode() == 200) {
      return Finding.ok(check, "an agent is running on " + uri.getAuthority() + " and is ready");
    }
    if (response.statusCode() == 503) {
      return Finding.warn(
          check,
          "an agent is running on " + uri.getAuthority() + " but is not ready: " + body,
          "see its log (journalctl --user -u gastown-agent, or the launchd log file)");
    }
    return Finding.warn(
        check,
        uri.getAuthority() + " answers HTTP " + response.statusCode() + ", not as an agent",
        "set health.port to a free port");
  }
}
