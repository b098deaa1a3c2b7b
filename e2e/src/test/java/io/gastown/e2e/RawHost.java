package io.gastown.e2e;

import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.HostRelayGrpc;
import io.gastown.proto.v1.ProtocolVersion;
import io.gastown.proto.v1.RelayMessage;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A hand-made host on the wire, for what a real agent never does: no credentials at all, a Hello as
 * another host, a status report for another host's resource.
 */
final class RawHost implements AutoCloseable {
  private final ManagedChannel channel;
  private final List<RelayMessage> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Status> closed = new CompletableFuture<>();
  private final StreamObserver<AgentMessage> requests;

  private RawHost(ManagedChannel channel, Optional<String> token) {
    this.channel = channel;
    Metadata headers = new Metadata();
    token.ifPresent(
        t ->
            headers.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + t));
    requests =
        HostRelayGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .connect(
                new StreamObserver<>() {
                  @Override
                  public void onNext(RelayMessage value) {
                    received.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    closed.complete(Status.fromThrowable(t));
                  }

                  @Override
                  public void onCompleted() {
                    closed.complete(Status.OK);
                  }
                });
  }

  /** Dials the relay over TLS trusting {@code ca}, with a bearer token when given. */
  static RawHost dial(int port, Path ca, Optional<String> token) throws IOException {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", port)
            .sslContext(GrpcSslContexts.forClient().trustManager(ca.toFile()).build())
            .build();
    return new RawHost(channel, token);
  }

  void hello(String host) {
    send(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setProtocol(ProtocolVersion.newBuilder().setMajor(1).setMinor(1))
                    .setAgentVersion("raw")
                    .setHostId(host)
                    .addCapabilities("kind/Rig")
                    .addCapabilities("kind/Polecat")
                    .setAgentInstanceId("raw-" + host)
                    .setSentAtUnixMillis(System.currentTimeMillis()))
            .build());
  }

  synchronized void send(AgentMessage m) {
    requests.onNext(m);
  }

  RelayMessage await(Predicate<RelayMessage> p) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> received.stream().filter(p).findFirst(), Optional::isPresent)
        .get();
  }

  List<RelayMessage> received() {
    return List.copyOf(received);
  }

  Status awaitClosed() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(closed::isDone);
    return closed.join();
  }

  @Override
  public void close() {
    try {
      requests.onCompleted();
    } catch (RuntimeException ignored) {
      // already closed by the relay
    }
    channel.shutdownNow();
  }
}
