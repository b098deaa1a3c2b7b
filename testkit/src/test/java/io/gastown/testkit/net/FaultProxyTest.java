package io.gastown.testkit.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
  private ServerSocket echo;
  private FaultProxy proxy;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread e =
                      new Thread(
                          () -> {
                            try (s) {
                              s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException ignored) {
                              // peer went away
                            }
                          });
                  e.setDaemon(true);
                  e.start();
                } catch (IOException ignored) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    proxy = FaultProxy.start(echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void passesBytesBothWays() throws IOException {
    try (Socket s = connect()) {
      assertArrayEquals("ping".getBytes(), roundTrip(s, "ping"));
    }
  }

  @Test
  void blackHoleKeepsTheConnectionOpenButSilent() throws IOException {
    try (Socket s = connect()) {
      proxy.setMode(FaultProxy.Mode.BLACKHOLE);
      s.getOutputStream().write("lost".getBytes());
      s.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
      assertEquals(1, proxy.liveConnections());
    }
  }

  @Test
  void stallHoldsBytesUntilPassResumes() throws Exception {
    try (Socket s = connect()) {
      proxy.setMode(FaultProxy.Mode.STALL);
      s.getOutputStream().write("late".getBytes());
      s.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
      proxy.setMode(FaultProxy.Mode.PASS);
      s.setSoTimeout(3000);
      assertArrayEquals("late".getBytes(), s.getInputStream().readNBytes(4));
    }
  }

  @Test
  void cutClosesLiveConnectionsAndRefuseClosesNewOnes() throws IOException {
    try (Socket s = connect()) {
      roundTrip(s, "x");
      proxy.cutAll();
      s.setSoTimeout(3000);
      assertEquals(-1, readOrEof(s.getInputStream()));
    }
    proxy.setMode(FaultProxy.Mode.REFUSE);
    try (Socket s = connect()) {
      s.setSoTimeout(3000);
      assertEquals(-1, readOrEof(s.getInputStream()));
    }
    assertTrue(proxy.acceptedConnections() >= 2);
  }

  @Test
  void aBlackHoleSwallowsACloseAndACutEndsTheSilence() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        FaultProxy silent = FaultProxy.start(server.getLocalPort())) {
      Socket client = new Socket(InetAddress.getLoopbackAddress(), silent.port());
      try (Socket accepted = server.accept()) {
        silent.setMode(FaultProxy.Mode.BLACKHOLE);
        client.close();
        accepted.setSoTimeout(500);
        assertThrows(SocketTimeoutException.class, () -> accepted.getInputStream().read());
        silent.cutAll();
        accepted.setSoTimeout(3000);
        assertEquals(-1, readOrEof(accepted.getInputStream()));
      }
    }
  }

  @Test
  void aClientIsClosedAtOnceWhenNothingListensBehindTheProxy() throws IOException {
    echo.close();
    try (Socket s = connect()) {
      s.setSoTimeout(3000);
      assertEquals(-1, readOrEof(s.getInputStream()));
    }
  }

  private Socket connect() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), proxy.port());
  }

  private static byte[] roundTrip(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes());
    s.setSoTimeout(3000);
    return s.getInputStream().readNBytes(text.length());
  }

  private static int readOrEof(InputStream in) {
    try {
      return in.read();
    } catch (IOException reset) {
      return -1;
    }
  }
}
