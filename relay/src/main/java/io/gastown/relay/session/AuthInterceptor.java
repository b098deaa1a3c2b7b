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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call by its {@code authorization: Bearer <token>} header against the tokens
 * file and puts the host id into the gRPC {@link Context}. The token itself is never logged.
 */
public final class AuthInterceptor implements ServerInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(AuthInterceptor.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  /** The authenticated host id of the current call. */
  public static final Context.Key<String> HOST_ID = Context.key("gastown-host-id");

  private final TokenStore tokens;
  private final RelayMetrics metrics;

  public AuthInterceptor(TokenStore tokens, RelayMetrics metrics) {
    this.tokens = tokens;
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Optional<String> host = hostOf(headers.get(AUTHORIZATION));
    if (host.isEmpty()) {
      metrics.authFailure();
      LOG.warn(
          "refused a call from {}: missing or unknown bearer token",
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
      call.close(
          Status.UNAUTHENTICATED.withDescription("missing or unknown bearer token"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(HOST_ID, host.get());
    return Contexts.interceptCall(context, call, headers, next);
  }

  private Optional<String> hostOf(String header) {
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String token = header.substring(BEARER.length()).strip();
    return token.isEmpty() ? Optional.empty() : tokens.authenticate(token);
  }
}
