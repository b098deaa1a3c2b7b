package io.gastown.relay.support;

import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.Capacity;
import io.gastown.proto.v1.Heartbeat;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.HostRelayGrpc;
import io.gastown.proto.v1.InventoryEntry;
import io.gastown.proto.v1.ProtocolVersion;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.StatusReport;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A raw gRPC client in the role of a host agent: TLS against the test CA, a bearer token, and every
 * message the relay sends kept in order for assertions.
 */
public final class FakeAgent implements AutoCloseable {
  private final ManagedChannel channel;
  private final List<RelayMessage> received = new ArrayList<>();
  private final CompletableFuture<Status> closed = new CompletableFuture<>();
  private final StreamObserver<AgentMessage> requests;
  private long seq;

  private FakeAgent(ManagedChannel channel, String token) {
    this.channel = channel;
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    }
    requests =
        HostRelayGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .connect(
                new StreamObserver<>() {
                  @Override
                  public void onNext(RelayMessage value) {
                    synchronized (received) {
                      received.add(value);
                    }
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

  public static FakeAgent connect(int port, Path caCert, String token) {
    try {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", port)
              .sslContext(GrpcSslContexts.forClient().trustManager(caCert.toFile()).build())
              .build();
      return new FakeAgent(channel, token);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Connects with a client certificate (mTLS) and, when {@code token} is not null, a bearer token
   * too.
   */
  public static FakeAgent connectWithCertificate(
      int port, Path caCert, Path clientCert, Path clientKey, String token) {
    try {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", port)
              .sslContext(
                  GrpcSslContexts.forClient()
                      .trustManager(caCert.toFile())
                      .keyManager(clientCert.toFile(), clientKey.toFile())
                      .build())
              .build();
      return new FakeAgent(channel, token);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Hello.Builder hello(String host, int major, int minor) {
    return Hello.newBuilder()
        .setProtocol(ProtocolVersion.newBuilder().setMajor(major).setMinor(minor))
        .setAgentVersion("test")
        .setHostId(host)
        .addCapabilities("kind/Rig")
        .addCapabilities("kind/Polecat")
        .addCapabilities("kind/Convoy")
        .setCapacity(Capacity.newBuilder().setMaxPolecats(10))
        .setAgentInstanceId("fake-" + host)
        .setSentAtUnixMillis(System.currentTimeMillis());
  }

  /** Sends Hello (protocol 1.1, every kind) with an inventory and waits for ResyncEnd. */
  public FakeAgent helloAndResync(String host, List<InventoryEntry> inventory) {
    send(AgentMessage.newBuilder().setHello(hello(host, 1, 1).addAllInventory(inventory)).build());
    await(RelayMessage::hasResyncEnd);
    return this;
  }

  public synchronized void send(AgentMessage message) {
    requests.onNext(message);
  }

  public void heartbeat() {
    send(
        AgentMessage.newBuilder()
            .setHeartbeat(Heartbeat.newBuilder().setSentAtUnixMillis(System.currentTimeMillis()))
            .build());
  }

  /** Sends a report with the next sequence number; returns that number. */
  public long report(StatusReport.Builder report) {
    long s;
    synchronized (this) {
      s = ++seq;
    }
    send(AgentMessage.newBuilder().setStatus(report.setSeq(s)).build());
    return s;
  }

  public List<RelayMessage> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public Optional<RelayMessage> find(Predicate<RelayMessage> p) {
    return received().stream().filter(p).findFirst();
  }

  /** Waits (5 s) for a message matching {@code p}; returns the first. */
  public RelayMessage await(Predicate<RelayMessage> p) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> find(p), Optional::isPresent)
        .get();
  }

  /** Index of the first message matching {@code p}, or -1. */
  public int indexOf(Predicate<RelayMessage> p) {
    List<RelayMessage> all = received();
    for (int i = 0; i < all.size(); i++) {
      if (p.test(all.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The status the stream ended with; waits up to 5 s. */
  public Status awaitClosed() {
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(closed::isDone);
    return closed.join();
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    try {
      requests.onCompleted();
    } catch (RuntimeException ignored) {
      // already closed by the relay
    }
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
