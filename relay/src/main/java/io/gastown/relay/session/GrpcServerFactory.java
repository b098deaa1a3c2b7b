package io.gastown.relay.session;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The gRPC server of the relay. Keepalive numbers (docs/protocol.md): the relay pings an idle
 * connection every {@value #KEEPALIVE_TIME_S} s and drops it {@value #KEEPALIVE_TIMEOUT_S} s after
 * an unanswered ping; it accepts agent pings as often as every {@value #PERMIT_KEEPALIVE_TIME_S} s,
 * also without an active call. An agent pinging more often gets GOAWAY too_many_pings.
 */
public final class GrpcServerFactory {
  public static final long KEEPALIVE_TIME_S = 30;
  public static final long KEEPALIVE_TIMEOUT_S = 10;
  public static final long PERMIT_KEEPALIVE_TIME_S = 20;

  /** A Hello carries the whole inventory: about 60 bytes per resource. */
  public static final int MAX_INBOUND_BYTES = 16 * 1024 * 1024;

  private GrpcServerFactory() {}

  /**
   * Certificate chain and private key (PEM; PKCS#8, PKCS#1 RSA or SEC1 EC) of the relay, re-read
   * when the files change; and, for mTLS, the trust that verifies host client certificates.
   */
  public record Tls(Path certChain, Path privateKey, Optional<ClientTrust> clients) {
    public Tls(Path certChain, Path privateKey) {
      this(certChain, privateKey, Optional.empty());
    }
  }

  /**
   * Client certificates are asked for (never demanded in the handshake: {@link AuthInterceptor}
   * enforces RELAY_CLIENT_AUTH=require per call, with a reason) and verified against {@code caFile}
   * and the revocation list; refusals in the handshake go to {@code refused}.
   */
  public record ClientTrust(
      Path caFile, RevocationList revocations, Consumer<AuthFailure> refused) {}

  public static Server build(
      InetSocketAddress address,
      Optional<Tls> tls,
      HostRelayService service,
      AuthInterceptor auth,
      Executor executor)
      throws IOException {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address)
            .addService(ServerInterceptors.intercept(service, auth))
            .executor(executor)
            .permitKeepAliveTime(PERMIT_KEEPALIVE_TIME_S, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .keepAliveTime(KEEPALIVE_TIME_S, TimeUnit.SECONDS)
            .keepAliveTimeout(KEEPALIVE_TIMEOUT_S, TimeUnit.SECONDS)
            .maxInboundMessageSize(MAX_INBOUND_BYTES);
    if (tls.isPresent()) {
      builder.sslContext(sslContext(tls.get()));
    }
    return builder.build().start();
  }

  private static SslContext sslContext(Tls tls) throws IOException {
    try {
      ReloadingKeyManager keys = ReloadingKeyManager.load(tls.certChain(), tls.privateKey());
      SslContextBuilder builder = SslContextBuilder.forServer(keys);
      if (tls.clients().isPresent()) {
        ClientTrust c = tls.clients().get();
        builder
            .trustManager(ClientTrustManager.load(c.caFile(), c.revocations(), c.refused()))
            .clientAuth(ClientAuth.OPTIONAL);
      }
      return GrpcSslContexts.configure(builder).build();
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot load the TLS certificate "
              + tls.certChain()
              + " and key "
              + tls.privateKey()
              + tls.clients().map(c -> " or the client CA " + c.caFile()).orElse(""),
          e);
    }
  }
}
