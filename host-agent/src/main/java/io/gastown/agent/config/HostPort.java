package io.gastown.agent.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A parsed {@code host:port}; IPv6 literals are written {@code [::1]:443}. */
public record HostPort(String host, int port) {

  /** Parses or throws {@link IllegalArgumentException} with a message fit for a config error. */
  public static HostPort parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("must be host:port, got '" + address + "'");
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port is not a number in '" + address + "'");
    }
    if (port < 1 || port > 65535 || host.isEmpty()) {
      throw new IllegalArgumentException(
          "must be host:port with port 1-65535, got '" + address + "'");
    }
    return new HostPort(host, port);
  }

  /**
   * Whether the host names the loopback interface. Names are not resolved (DNS could lie), except
   * the literal {@code localhost}.
   */
  public boolean isLoopback() {
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
