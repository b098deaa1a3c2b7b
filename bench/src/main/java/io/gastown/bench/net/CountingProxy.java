package io.gastown.bench.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between the host agent and the relay that counts the bytes on the wire
 * (TLS records included: what a network would carry) and can cut every connection, as a NAT timeout
 * or a Wi-Fi change does. Like testkit's FaultProxy, plus counters and accept times.
 */
public final class CountingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong upBytes = new AtomicLong();
  private final AtomicLong downBytes = new AtomicLong();
  private final List<Long> acceptedAtMicros = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private CountingProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** Listens on a free loopback port and forwards to {@code 127.0.0.1:targetPort}. */
  public static CountingProxy start(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    CountingProxy proxy =
        new CountingProxy(
            server, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    Thread t = new Thread(proxy::acceptLoop, "counting-proxy");
    t.setDaemon(true);
    t.start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Bytes from the agent to the relay so far. */
  public long upBytes() {
    return upBytes.get();
  }

  /** Bytes from the relay to the agent so far. */
  public long downBytes() {
    return downBytes.get();
  }

  /** Wall-clock times (µs) at which connections were accepted, oldest first. */
  public List<Long> acceptedAtMicros() {
    return List.copyOf(acceptedAtMicros);
  }

  /** Closes every live connection; both programs see the stream break. */
  public void cutAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    cutAll();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        acceptedAtMicros.add(nowMicros());
        Socket upstream = new Socket();
        upstream.connect(target, 5000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, upBytes, "up");
        pump(upstream, client, downBytes, "down");
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, AtomicLong counter, String direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[65536];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  counter.addAndGet(n);
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // a cut or a closed peer ends the pump
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "counting-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }
}
