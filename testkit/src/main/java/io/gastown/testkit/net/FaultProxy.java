package io.gastown.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on loopback that tests put between the host agent and the relay to cut, stall and
 * black-hole connections, as real networks (NAT timeouts, sleeping laptops, broken Wi-Fi) do.
 *
 * <ul>
 *   <li>{@link Mode#PASS}: bytes flow both ways.
 *   <li>{@link Mode#STALL}: connections stay open, bytes are held back (delivered when the mode
 *       returns to PASS).
 *   <li>{@link Mode#BLACKHOLE}: connections stay open, bytes are read and dropped: the peer sees
 *       silence, even when the other side closes its connection.
 *   <li>{@link Mode#REFUSE}: new connections are closed at once.
 * </ul>
 *
 * {@link #cutAll()} closes every live connection (both sides see a reset or EOF).
 */
public final class FaultProxy implements AutoCloseable {
  /** What the proxy does with traffic. */
  public enum Mode {
    PASS,
    STALL,
    BLACKHOLE,
    REFUSE
  }

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.PASS);
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Object gate = new Object();
  private volatile boolean closed;

  private FaultProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** Starts a proxy on a free loopback port forwarding to {@code 127.0.0.1:targetPort}. */
  public static FaultProxy start(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    FaultProxy proxy =
        new FaultProxy(server, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    Thread acceptor = new Thread(proxy::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far (including refused ones). */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** Live proxied connections (two sockets each). */
  public int liveConnections() {
    return sockets.size() / 2;
  }

  public void setMode(Mode newMode) {
    mode.set(newMode);
    synchronized (gate) {
      gate.notifyAll();
    }
  }

  /** Closes every live connection. */
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
    setMode(Mode.PASS);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        if (mode.get() == Mode.REFUSE) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 5000);
        } catch (IOException e) {
          // nothing listens behind the proxy (a stopped relay): the client sees its connection
          // closed at once, as it would without the proxy, instead of a handshake that never ends
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, "up");
        pump(upstream, client, "down");
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              boolean sourceGone = false;
              try {
                // not try-with-resources: closing a socket's stream closes the socket
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                  int n;
                  try {
                    n = in.read(buffer);
                  } catch (IOException e) {
                    n = -1;
                  }
                  if (n < 0) {
                    sourceGone = true;
                    break;
                  }
                  if (!awaitPassable()) {
                    continue; // black-holed: read and dropped
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the destination failed (or was already closed by the other pump)
              } finally {
                // a black hole swallows closes: only the side that ended is closed, and the other
                // side keeps a silent connection (until cutAll, or until the path is back)
                boolean blackHole = mode.get() == Mode.BLACKHOLE && !closed;
                if (sourceGone || !blackHole) {
                  closeQuietly(from);
                  sockets.remove(from);
                }
                if (!blackHole) {
                  closeQuietly(to);
                  sockets.remove(to);
                }
              }
            },
            "fault-proxy-" + direction + "-" + from.getPort());
    t.setDaemon(true);
    t.start();
  }

  /** Blocks while stalled; false when the bytes must be dropped. */
  private boolean awaitPassable() throws InterruptedException {
    synchronized (gate) {
      while (mode.get() == Mode.STALL && !closed) {
        gate.wait(100);
      }
    }
    return mode.get() != Mode.BLACKHOLE;
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }
}
