package io.gastown.agent.link;

import io.grpc.HttpConnectProxiedSocketAddress;
import io.grpc.ProxiedSocketAddress;
import io.grpc.ProxyDetector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Honours {@code HTTPS_PROXY} / {@code NO_PROXY} (and their lower-case forms), which grpc-java
 * ignores by itself: a daemon started by systemd or launchd gets its proxy only from them. The
 * proxy's credentials, if any, come from the URL's user-info and are never logged.
 */
final class EnvProxyDetector implements ProxyDetector {
  private final Optional<URI> proxy;
  private final List<String> noProxy;

  EnvProxyDetector(Optional<URI> proxy, List<String> noProxy) {
    this.proxy = proxy;
    this.noProxy = noProxy;
  }

  static EnvProxyDetector fromEnvironment(Map<String, String> env) {
    String url = first(env, "HTTPS_PROXY", "https_proxy");
    Optional<URI> proxy = Optional.empty();
    if (!url.isBlank()) {
      try {
        URI u = URI.create(url.contains("://") ? url : "http://" + url);
        if (u.getHost() != null) {
          proxy = Optional.of(u);
        }
      } catch (IllegalArgumentException e) {
        proxy = Optional.empty();
      }
    }
    List<String> none =
        List.of(first(env, "NO_PROXY", "no_proxy").toLowerCase(Locale.ROOT).split(",")).stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    return new EnvProxyDetector(proxy, none);
  }

  @Override
  public ProxiedSocketAddress proxyFor(SocketAddress target) throws IOException {
    if (proxy.isEmpty() || !(target instanceof InetSocketAddress inet)) {
      return null;
    }
    if (bypassed(inet.getHostString())) {
      return null;
    }
    URI p = proxy.get();
    InetSocketAddress proxyAddress =
        new InetSocketAddress(p.getHost(), p.getPort() > 0 ? p.getPort() : 80);
    if (proxyAddress.isUnresolved()) {
      // Failing (and retrying) beats silently going direct where a proxy is required.
      throw new IOException("cannot resolve the HTTPS_PROXY host " + p.getHost());
    }
    HttpConnectProxiedSocketAddress.Builder b =
        HttpConnectProxiedSocketAddress.newBuilder()
            .setTargetAddress(inet)
            .setProxyAddress(proxyAddress);
    String userInfo = p.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      b.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        b.setPassword(decode(userInfo.substring(colon + 1)));
      }
    }
    return b.build();
  }

  /** NO_PROXY: {@code *}, exact hosts, and domain suffixes ({@code .corp} or {@code corp}). */
  boolean bypassed(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String rule : noProxy) {
      if (rule.equals("*")) {
        return true;
      }
      String r = rule.startsWith(".") ? rule.substring(1) : rule;
      int colon = r.lastIndexOf(':');
      if (colon > 0 && !r.contains("]") && r.indexOf(':') == colon) {
        r = r.substring(0, colon);
      }
      if (h.equals(r) || h.endsWith("." + r)) {
        return true;
      }
    }
    return false;
  }

  private static String first(Map<String, String> env, String a, String b) {
    String v = env.get(a);
    if (v == null || v.isBlank()) {
      v = env.get(b);
    }
    return v == null ? "" : v;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
