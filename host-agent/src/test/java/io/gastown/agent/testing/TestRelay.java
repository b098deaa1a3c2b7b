package io.gastown.agent.testing;

import io.gastown.proto.v1.AckResult;
import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.HostRelayGrpc;
import io.gastown.proto.v1.ProtocolVersion;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.ResyncBegin;
import io.gastown.proto.v1.ResyncEnd;
import io.gastown.proto.v1.StatusAck;
import io.gastown.proto.v1.StatusReport;
import io.gastown.proto.v1.Welcome;
import io.gastown.testkit.TestCertificates;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A scriptable stand-in for the relay's gRPC service, over TLS on 127.0.0.1 (or plaintext): it
 * records what agents send and the authorization they present, answers Hello with Welcome and a
 * resync of the test's choosing, and acknowledges status reports.
 */
public final class TestRelay implements AutoCloseable {
  static final Context.Key<String> AUTHORIZATION = Context.key("authorization");
  static final Metadata.Key<String> AUTHORIZATION_HEADER =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  public final List<Hello> hellos = new CopyOnWriteArrayList<>();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();
  public final List<AgentMessage> received = new CopyOnWriteArrayList<>();
  public final List<Long> connectNanos = new CopyOnWriteArrayList<>();

  /** What to send after a Hello; by default Welcome, an empty resync. */
  public volatile Function<Hello, List<RelayMessage>> onHello =
      hello -> welcomeAndResync(List.of());

  /** Whether status reports are acknowledged (WRITTEN) at once. */
  public volatile boolean autoAck = true;

  /** When set, calls with another authorization fail UNAUTHENTICATED. */
  public volatile String requiredAuthorization;

  private final Server server;
  private volatile StreamObserver<RelayMessage> current;

  private TestRelay(Server server) {
    this.server = server;
  }

  /** TLS with the test certificates' relay.pem (valid for localhost and 127.0.0.1). */
  public static TestRelay startTls(TestCertificates certs) throws IOException {
    return start(certs, false);
  }

  public static TestRelay startPlaintext() throws IOException {
    return start(null, true);
  }

  private static TestRelay start(TestCertificates certs, boolean plaintext) throws IOException {
    TestRelay[] holder = new TestRelay[1];
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .permitKeepAliveTime(20, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true);
    if (!plaintext) {
      b.sslContext(
          GrpcSslContexts.forServer(certs.relayCert().toFile(), certs.relayKey().toFile()).build());
    }
    Service service = new Service(() -> holder[0]);
    b.addService(ServerInterceptors.intercept(service, new AuthInterceptor(() -> holder[0])));
    Server server = b.build().start();
    holder[0] = new TestRelay(server);
    return holder[0];
  }

  public int port() {
    return server.getPort();
  }

  public String address() {
    return "127.0.0.1:" + port();
  }

  public static List<RelayMessage> welcomeAndResync(List<RelayMessage> resync) {
    return welcomeAndResync(resync, 10_000, 30_000);
  }

  public static List<RelayMessage> welcomeAndResync(
      List<RelayMessage> resync, int heartbeatMillis, int timeoutMillis) {
    List<RelayMessage> out = new ArrayList<>();
    out.add(
        RelayMessage.newBuilder()
            .setWelcome(
                Welcome.newBuilder()
                    .setProtocol(ProtocolVersion.newBuilder().setMajor(1).setMinor(1))
                    .setRelayVersion("test")
                    .setRelayId("test-relay")
                    .setSessionEpoch(1)
                    .setHeartbeatIntervalMillis(heartbeatMillis)
                    .setHeartbeatTimeoutMillis(timeoutMillis)
                    .setClusterName("test"))
            .build());
    out.add(
        RelayMessage.newBuilder().setResyncBegin(ResyncBegin.newBuilder().setResyncId(1)).build());
    out.addAll(resync);
    out.add(RelayMessage.newBuilder().setResyncEnd(ResyncEnd.newBuilder().setResyncId(1)).build());
    return out;
  }

  /** Sends on the newest stream. */
  public void send(RelayMessage m) {
    StreamObserver<RelayMessage> s = current;
    if (s != null) {
      synchronized (s) {
        s.onNext(m);
      }
    }
  }

  /** Ends the newest stream normally. */
  public void closeStream() {
    StreamObserver<RelayMessage> s = current;
    if (s != null) {
      synchronized (s) {
        s.onCompleted();
      }
    }
  }

  /** Fails the newest stream with a status. */
  public void failStream(Status status) {
    StreamObserver<RelayMessage> s = current;
    if (s != null) {
      synchronized (s) {
        s.onError(status.asRuntimeException());
      }
    }
  }

  public List<StatusReport> statuses() {
    return received.stream().filter(AgentMessage::hasStatus).map(AgentMessage::getStatus).toList();
  }

  public long heartbeats() {
    return received.stream().filter(AgentMessage::hasHeartbeat).count();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static final class AuthInterceptor implements ServerInterceptor {
    private final java.util.function.Supplier<TestRelay> relay;

    AuthInterceptor(java.util.function.Supplier<TestRelay> relay) {
      this.relay = relay;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String auth = headers.get(AUTHORIZATION_HEADER);
      TestRelay r = relay.get();
      r.authorizations.add(auth == null ? "" : auth);
      if (r.requiredAuthorization != null && !r.requiredAuthorization.equals(auth)) {
        call.close(Status.UNAUTHENTICATED.withDescription("unknown token"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      return Contexts.interceptCall(
          Context.current().withValue(AUTHORIZATION, auth), call, headers, next);
    }
  }

  private static final class Service extends HostRelayGrpc.HostRelayImplBase {
    private final java.util.function.Supplier<TestRelay> relay;

    Service(java.util.function.Supplier<TestRelay> relay) {
      this.relay = relay;
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<RelayMessage> out) {
      TestRelay r = relay.get();
      r.connectNanos.add(System.nanoTime());
      r.current = out;
      return new StreamObserver<>() {
        @Override
        public void onNext(AgentMessage m) {
          r.received.add(m);
          if (m.hasHello()) {
            r.hellos.add(m.getHello());
            for (RelayMessage reply : r.onHello.apply(m.getHello())) {
              synchronized (out) {
                out.onNext(reply);
              }
            }
          } else if (m.hasStatus() && r.autoAck) {
            synchronized (out) {
              out.onNext(
                  RelayMessage.newBuilder()
                      .setStatusAck(
                          StatusAck.newBuilder()
                              .setUid(m.getStatus().getRef().getUid())
                              .setSeq(m.getStatus().getSeq())
                              .setResult(AckResult.ACK_RESULT_WRITTEN))
                      .build());
            }
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          synchronized (out) {
            try {
              out.onCompleted();
            } catch (RuntimeException e) {
              // already closed
            }
          }
        }
      };
    }
  }
}
