package io.gastown.testkit.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP CONNECT proxy on loopback, optionally demanding Basic credentials, that records each
 * tunnel it opened: the test of "the agent honours HTTPS_PROXY" is that the relay was reached
 * through it.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final Optional<String> expectedAuthorization;
  private final List<String> tunnels = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private ConnectProxy(ServerSocket server, Optional<String> expectedAuthorization) {
    this.server = server;
    this.expectedAuthorization = expectedAuthorization;
  }

  /** Starts an open proxy. */
  public static ConnectProxy start() throws IOException {
    return start(null, null);
  }

  /**
   * Starts a proxy that requires {@code user:password} (Basic), or none when {@code user} is null.
   */
  public static ConnectProxy start(String user, String password) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Optional<String> auth =
        user == null
            ? Optional.empty()
            : Optional.of(
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    ConnectProxy proxy = new ConnectProxy(server, auth);
    Thread t = new Thread(proxy::acceptLoop, "connect-proxy-" + server.getLocalPort());
    t.setDaemon(true);
    t.start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** "host:port" of every tunnel opened. */
  public List<String> tunnels() {
    return List.copyOf(tunnels);
  }

  /** Requests refused (bad or missing credentials, not CONNECT). */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> handle(client), "connect-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void handle(Socket client) {
    try {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      List<String> head = readHead(in);
      String[] request = head.isEmpty() ? new String[0] : head.get(0).split(" ");
      if (request.length < 2 || !request[0].equals("CONNECT")) {
        refusals.add(head.isEmpty() ? "(empty)" : head.get(0));
        respond(out, "405 Method Not Allowed");
        client.close();
        return;
      }
      if (expectedAuthorization.isPresent()
          && head.stream()
              .noneMatch(
                  h -> h.equalsIgnoreCase("Proxy-Authorization: " + expectedAuthorization.get()))) {
        refusals.add(request[1]);
        out.write(
            ("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                    + "Content-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        client.close();
        return;
      }
      String[] hostPort = request[1].split(":");
      Socket upstream = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
      tunnels.add(request[1]);
      respond(out, "200 Connection Established");
      splice(client, upstream);
      splice(upstream, client);
    } catch (IOException | RuntimeException e) {
      try {
        client.close();
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  private static void respond(OutputStream out, String status) throws IOException {
    out.write(("HTTP/1.1 " + status + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new CopyOnWriteArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.US_ASCII).stripTrailing();
        if (text.isEmpty()) {
          break;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
    }
    return lines;
  }

  private static void splice(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try {
                from.getInputStream().transferTo(to.getOutputStream());
              } catch (IOException ignored) {
                // the tunnel ends when either side closes
              } finally {
                try {
                  to.close();
                  from.close();
                } catch (IOException ignored) {
                  // best effort
                }
              }
            },
            "connect-proxy-splice");
    t.setDaemon(true);
    t.start();
  }
}
