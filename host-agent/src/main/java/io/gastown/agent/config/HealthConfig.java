package io.gastown.agent.config;

/**
 * Where the health and metrics endpoint listens.
 *
 * @param address the bind address, loopback by default: metrics are for the host's own scraper
 * @param port the TCP port; 0 picks a free one (tests)
 */
public record HealthConfig(String address, int port) {

  public static final HealthConfig DEFAULT = new HealthConfig("127.0.0.1", 9464);
}
