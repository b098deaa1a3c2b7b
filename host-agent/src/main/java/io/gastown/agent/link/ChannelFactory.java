package io.gastown.agent.link;

import io.gastown.agent.config.RelayConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Builds the channel to one relay, afresh for every dial — so the CA bundle, the client certificate
 * and its key are re-read from their files each time and a rotated certificate needs no restart.
 * TLS verifies the relay against {@code caFile} only when it is set (pinning: the system's trust
 * store is then not consulted), else against the system's trust; plaintext only where the config
 * allows it (loopback). Keepalive is matched to the relay, which permits pings every 20 s: we ping
 * after 30 s of silence.
 */
public final class ChannelFactory {
  static final long KEEPALIVE_TIME_SECONDS = 30;
  static final long KEEPALIVE_TIMEOUT_SECONDS = 10;

  private ChannelFactory() {}

  /** Builds the channel; {@code env} supplies HTTPS_PROXY / NO_PROXY. */
  public static ManagedChannel create(RelayConfig relay, Map<String, String> env) {
    NettyChannelBuilder b =
        NettyChannelBuilder.forAddress(relay.host(), relay.port())
            .keepAliveTime(KEEPALIVE_TIME_SECONDS, TimeUnit.SECONDS)
            .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .keepAliveWithoutCalls(true)
            .proxyDetector(EnvProxyDetector.fromEnvironment(env))
            .maxInboundMessageSize(16 << 20);
    if (relay.plaintextLoopbackDev()) {
      b.usePlaintext();
    } else {
      b.sslContext(sslContext(relay));
    }
    relay.serverNameOverride().ifPresent(b::overrideAuthority);
    return b.build();
  }

  /** The client TLS context of one dial; errors name the file, never its contents. */
  static SslContext sslContext(RelayConfig relay) {
    SslContextBuilder ssl = GrpcSslContexts.forClient();
    if (relay.caFile().isPresent()) {
      Path ca = readable(relay, "caFile", relay.caFile().get());
      try {
        ssl.trustManager(ca.toFile());
      } catch (IllegalArgumentException e) {
        throw failure(relay, "caFile " + ca + " holds no PEM certificate", e);
      }
    }
    if (relay.clientCertFile().isPresent() && relay.clientKeyFile().isPresent()) {
      Path cert = readable(relay, "clientCertFile", relay.clientCertFile().get());
      Path key = readable(relay, "clientKeyFile", relay.clientKeyFile().get());
      try {
        ssl.keyManager(cert.toFile(), key.toFile());
      } catch (IllegalArgumentException e) {
        throw failure(
            relay,
            "clientCertFile "
                + cert
                + " and clientKeyFile "
                + key
                + " are not a PEM certificate and its unencrypted PKCS#8 key",
            e);
      }
    }
    try {
      return ssl.build();
    } catch (SSLException e) {
      throw failure(relay, "cannot set up TLS", e);
    }
  }

  private static Path readable(RelayConfig relay, String field, Path file) {
    if (!Files.isReadable(file)) {
      throw failure(relay, field + " " + file + " is not readable", null);
    }
    return file;
  }

  private static UncheckedIOException failure(RelayConfig relay, String what, Exception cause) {
    return new UncheckedIOException(new IOException("relay " + relay.name() + ": " + what, cause));
  }
}
