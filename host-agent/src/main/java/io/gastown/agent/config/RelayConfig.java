package io.gastown.agent.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One cluster this host serves: the relay to dial and what that cluster may do here. Holds only the
 * paths of secrets, never their contents, so printing a config can leak nothing.
 *
 * @param name a unique name for logs and metrics
 * @param address the relay's {@code host:port}
 * @param tokenFile file holding this host's bearer token, re-read on every (re)connect
 * @param caFile PEM bundle that signs the relay's certificate; empty: the system trust store
 * @param serverNameOverride TLS server name to verify instead of the address's host
 * @param plaintextLoopbackDev plaintext gRPC, allowed only for loopback addresses (development)
 * @param allow what this cluster may touch
 * @param mirror whether town objects without a CR are reported to this cluster
 * @param maxPolecats most polecats this cluster may run at once (0: no limit)
 */
public record RelayConfig(
    String name,
    String address,
    Optional<Path> tokenFile,
    Optional<Path> caFile,
    Optional<String> serverNameOverride,
    boolean plaintextLoopbackDev,
    AllowList allow,
    boolean mirror,
    int maxPolecats) {

  /** A TLS relay with defaults for everything optional; tests refine it with the withers. */
  public static RelayConfig of(String name, String address) {
    return new RelayConfig(
        name,
        address,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        AllowList.all(),
        false,
        0);
  }

  public RelayConfig withTokenFile(Path file) {
    return new RelayConfig(
        name,
        address,
        Optional.of(file),
        caFile,
        serverNameOverride,
        plaintextLoopbackDev,
        allow,
        mirror,
        maxPolecats);
  }

  public RelayConfig withCaFile(Path file) {
    return new RelayConfig(
        name,
        address,
        tokenFile,
        Optional.of(file),
        serverNameOverride,
        plaintextLoopbackDev,
        allow,
        mirror,
        maxPolecats);
  }

  public RelayConfig withAllow(AllowList newAllow) {
    return new RelayConfig(
        name,
        address,
        tokenFile,
        caFile,
        serverNameOverride,
        plaintextLoopbackDev,
        newAllow,
        mirror,
        maxPolecats);
  }

  public RelayConfig withPlaintextLoopbackDev(boolean plaintext) {
    return new RelayConfig(
        name,
        address,
        tokenFile,
        caFile,
        serverNameOverride,
        plaintext,
        allow,
        mirror,
        maxPolecats);
  }

  public RelayConfig withMaxPolecats(int max) {
    return new RelayConfig(
        name,
        address,
        tokenFile,
        caFile,
        serverNameOverride,
        plaintextLoopbackDev,
        allow,
        mirror,
        max);
  }

  /** The host part of {@link #address()}, without IPv6 brackets. */
  public String host() {
    return HostPort.parse(address).host();
  }

  /** The port part of {@link #address()}. */
  public int port() {
    return HostPort.parse(address).port();
  }
}
