package io.gastown.relay.session;

import io.gastown.relay.metrics.RelayMetrics;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call by its {@code authorization: Bearer <token>} header and/or the client
 * certificate of its TLS session (see {@link Authenticator}), and puts the host id and the
 * credential into the gRPC {@link Context}. A refused call is closed UNAUTHENTICATED before any
 * message is read, counted by reason, and logged with the peer address; the token itself is never
 * logged.
 */
public final class AuthInterceptor implements ServerInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(AuthInterceptor.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** The authenticated host id of the current call. */
  public static final Context.Key<String> HOST_ID = Context.key("gastown-host-id");

  /** What the current call was authenticated with. */
  public static final Context.Key<Credential> CREDENTIAL = Context.key("gastown-credential");

  private final Authenticator authenticator;
  private final RelayMetrics metrics;

  public AuthInterceptor(Authenticator authenticator, RelayMetrics metrics) {
    this.authenticator = authenticator;
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Authenticator.Result result =
        authenticator.authenticate(
            Optional.ofNullable(headers.get(AUTHORIZATION)), peerCertificate(call));
    if (result instanceof Authenticator.Result.Refused refused) {
      metrics.authFailure(refused.reason().label());
      LOG.warn(
          "refused a call from {} ({}): {} [{}]",
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
          refused.reason().label(),
          refused.reason().message(),
          refused.detail());
      call.close(
          Status.UNAUTHENTICATED.withDescription(refused.reason().message()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Credential credential = ((Authenticator.Result.Accepted) result).credential();
    Context context =
        Context.current().withValue(HOST_ID, credential.host()).withValue(CREDENTIAL, credential);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static Optional<X509Certificate> peerCertificate(ServerCall<?, ?> call) {
    SSLSession ssl = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (ssl == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = ssl.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x
          ? Optional.of(x)
          : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }
}
