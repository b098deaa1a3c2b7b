package io.gastown.agent.link;

import io.gastown.agent.config.RelayConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Builds the channel to one relay: TLS (with the configured CA bundle, else the system's trust),
 * plaintext only where the config allows it (loopback), and keepalive matched to the relay, which
 * permits pings every 20 s: we ping after 30 s of silence.
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
      try {
        SslContextBuilder ssl = GrpcSslContexts.forClient();
        relay.caFile().ifPresent(ca -> ssl.trustManager(ca.toFile()));
        b.sslContext(ssl.build());
      } catch (SSLException e) {
        throw new UncheckedIOException(
            new IOException(
                "cannot set up TLS for relay " + relay.name() + ": " + e.getMessage(), e));
      } catch (IllegalArgumentException e) {
        throw new UncheckedIOException(
            new IOException("cannot read the CA file of relay " + relay.name(), e));
      }
    }
    relay.serverNameOverride().ifPresent(b::overrideAuthority);
    return b.build();
  }
}
