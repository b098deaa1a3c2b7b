package io.gastown.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.HttpConnectProxiedSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvProxyDetectorTest {
  static InetSocketAddress target(String host) {
    return InetSocketAddress.createUnresolved(host, 443);
  }

  @Test
  void withoutHttpsProxyEverythingIsDirect() throws IOException {
    assertNull(EnvProxyDetector.fromEnvironment(Map.of()).proxyFor(target("relay.example.com")));
  }

  @Test
  void httpsProxyCarriesDecodedCredentials() throws IOException {
    EnvProxyDetector d =
        EnvProxyDetector.fromEnvironment(
            Map.of("https_proxy", "http://user:p%40ss@127.0.0.1:3128"));
    HttpConnectProxiedSocketAddress p =
        (HttpConnectProxiedSocketAddress) d.proxyFor(target("relay.example.com"));
    assertEquals("user", p.getUsername());
    assertEquals("p@ss", p.getPassword());
    assertEquals(3128, ((InetSocketAddress) p.getProxyAddress()).getPort());
    assertEquals("relay.example.com", p.getTargetAddress().getHostString());
  }

  @Test
  void noProxyHostsAndSuffixesGoDirect() throws IOException {
    EnvProxyDetector d =
        EnvProxyDetector.fromEnvironment(
            Map.of("HTTPS_PROXY", "127.0.0.1:3128", "NO_PROXY", "localhost, .corp,10.0.0.1:443"));
    assertNull(d.proxyFor(target("localhost")));
    assertNull(d.proxyFor(target("relay.corp")));
    assertNull(d.proxyFor(target("10.0.0.1")));
    assertEquals(
        HttpConnectProxiedSocketAddress.class, d.proxyFor(target("relay.example.com")).getClass());
    assertNull(
        EnvProxyDetector.fromEnvironment(Map.of("HTTPS_PROXY", "127.0.0.1:1", "NO_PROXY", "*"))
            .proxyFor(target("x")));
  }

  @Test
  void anUnresolvableProxyFailsInsteadOfGoingDirect() {
    EnvProxyDetector d =
        EnvProxyDetector.fromEnvironment(Map.of("HTTPS_PROXY", "http://no-such-proxy.invalid:1"));
    assertThrows(IOException.class, () -> d.proxyFor(target("relay.example.com")));
  }
}
