package io.gastown.bench.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Plain HTTP GETs of the health endpoints (loopback only). */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}

  /** The status code and body, or empty when nothing answers. */
  static Optional<HttpResponse<String>> get(int port, String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build();
      return Optional.of(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static boolean ok(int port, String path) {
    return get(port, path).map(r -> r.statusCode() == 200).orElse(false);
  }

  /** The value of the first sample of a Prometheus metric (any labels), or empty. */
  static Optional<Double> metric(int port, String name) {
    return get(port, "/metrics")
        .flatMap(
            r ->
                r.body()
                    .lines()
                    .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                    .findFirst()
                    .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))));
  }

  /** The sum of every sample of a Prometheus metric (all label values), or empty. */
  static Optional<Double> metricSum(int port, String name) {
    return get(port, "/metrics")
        .map(
            r ->
                r.body()
                    .lines()
                    .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum());
  }
}
