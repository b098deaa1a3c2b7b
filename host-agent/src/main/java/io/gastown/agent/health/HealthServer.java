package io.gastown.agent.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the process serves), {@code /readyz} (it is doing its job: see {@link
 * Readiness}) and {@code /metrics} (Prometheus text), on the JDK's own HTTP server.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  /** What /readyz reports: ready or not, and why. */
  public record Readiness(boolean ready, String detail) {}

  public HealthServer(String address, int port, AgentMetrics metrics, Supplier<Readiness> readiness)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(address, port), 16);
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "health-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok\n"));
    server.createContext(
        "/readyz",
        ex -> {
          Readiness r = readiness.get();
          respond(ex, r.ready() ? 200 : 503, "text/plain", r.detail() + "\n");
        });
    PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);
    server.createContext(
        "/metrics",
        ex -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          writer.write(out, metrics.registry().scrape());
          respond(ex, 200, writer.getContentType(), out.toString(StandardCharsets.UTF_8));
        });
    server.start();
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
