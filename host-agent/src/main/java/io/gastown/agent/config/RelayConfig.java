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
 * @param clientCertFile PEM client certificate (chain) for mTLS, CN or URI SAN naming this host;
 *     re-read on every (re)connect and watched for changes
 * @param clientKeyFile the PEM private key of {@code clientCertFile}, unencrypted PKCS#8 (what
 *     scripts/gen-certs.sh writes; convert others with {@code openssl pkcs8 -topk8 -nocrypt})
 * @param maxAutomatons most olympus.io Automatons this host claims from this cluster at once (0: it
 *     claims none and does not declare the automaton-claims capability)
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
    int maxPolecats,
    Optional<Path> clientCertFile,
    Optional<Path> clientKeyFile,
    int maxAutomatons) {

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
        0,
        Optional.empty(),
        Optional.empty(),
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
        maxPolecats,
        clientCertFile,
        clientKeyFile,
        maxAutomatons);
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
        maxPolecats,
        clientCertFile,
        clientKeyFile,
        maxAutomatons);
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
        maxPolecats,
        clientCertFile,
        clientKeyFile,
        maxAutomatons);
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
        maxPolecats,
        clientCertFile,
        clientKeyFile,
        maxAutomatons);
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
        max,
        clientCertFile,
        clientKeyFile,
        maxAutomatons);
  }

  /** mTLS: this host's client certificate and key (both files, or neither). */
  public RelayConfig withClientCertificate(Path certFile, Path keyFile) {
    return new RelayConfig(
        name,
        address,
        tokenFile,
        caFile,
        serverNameOverride,
        plaintextLoopbackDev,
        allow,
        mirror,
        maxPolecats,
        Optional.of(certFile),
        Optional.of(keyFile),
        maxAutomatons);
  }

  public RelayConfig withMaxAutomatons(int max) {
    return new RelayConfig(
        name,
        address,
        tokenFile,
        caFile,
        serverNameOverride,
        plaintextLoopbackDev,
        allow,
        mirror,
        maxPolecats,
        clientCertFile,
        clientKeyFile,
        max);
  }

  public RelayConfig withMirror(boolean on) {
    return new RelayConfig(
        name,
        address,
        tokenFile,
        caFile,
        serverNameOverride,
        plaintextLoopbackDev,
        allow,
        on,
        maxPolecats,
        clientCertFile,
        clientKeyFile,
        maxAutomatons);
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
