package io.gastown.agent;

import io.gastown.agent.config.AgentConfig;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.health.AgentMetrics;
import io.gastown.agent.health.HealthServer;
import io.gastown.agent.link.BearerTokenCredentials;
import io.gastown.agent.link.ChannelFactory;
import io.gastown.agent.link.RelayLink;
import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.HostRelayGrpc;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.ResyncBegin;
import io.gastown.proto.v1.ResyncEnd;
import io.gastown.proto.v1.Welcome;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.SelfSignedCertificate;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code host-agent cds-training}: the training run of the installer's AppCDS archive ({@code java
 * -XX:ArchiveClassesAtExit=FILE -jar host-agent.jar cds-training}). It goes through what a start
 * loads before the first resync — configuration, metrics and the health endpoint, the TLS channel
 * with its bearer token, the protocol's messages — without a network, a town or a relay: it dials a
 * throw-away gRPC server with a self-signed certificate on loopback, which answers a Hello with
 * Welcome, ResyncBegin and ResyncEnd. The archive then spares the service most of its class loading
 * at every start. It changes nothing on the host apart from a temporary directory it removes.
 */
final class CdsTraining {
  private CdsTraining() {}

  static int run(PrintStream out) {
    Path dir = null;
    SelfSignedCertificate cert = null;
    try {
      dir = Files.createTempDirectory("gastown-agent-cds");
      cert = new SelfSignedCertificate("localhost");
      Server server = relay(cert);
      try (HealthServer health =
          new HealthServer(
              "127.0.0.1", 0, new AgentMetrics(), () -> new HealthServer.Readiness(true, "ok"))) {
        AgentConfig config = config(dir, server.getPort(), cert.certificate().toPath());
        int received = dial(config.relays().get(0));
        out.println("cds-training: " + received + " messages from a loopback relay");
        return received == 3 ? 0 : 1;
      } finally {
        server.shutdownNow();
      }
    } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
      out.println("cds-training: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      if (cert != null) {
        cert.delete();
      }
      deleteQuietly(dir);
    }
  }

  private static Server relay(SelfSignedCertificate cert) throws IOException {
    HostRelayGrpc.HostRelayImplBase service =
        new HostRelayGrpc.HostRelayImplBase() {
          @Override
          public StreamObserver<AgentMessage> connect(StreamObserver<RelayMessage> replies) {
            return new StreamObserver<>() {
              @Override
              public void onNext(AgentMessage message) {
                replies.onNext(
                    RelayMessage.newBuilder()
                        .setWelcome(
                            Welcome.newBuilder().setProtocol(message.getHello().getProtocol()))
                        .build());
                replies.onNext(
                    RelayMessage.newBuilder()
                        .setResyncBegin(ResyncBegin.getDefaultInstance())
                        .build());
                replies.onNext(
                    RelayMessage.newBuilder().setResyncEnd(ResyncEnd.getDefaultInstance()).build());
                replies.onCompleted();
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            };
          }
        };
    return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .sslContext(GrpcSslContexts.forServer(cert.certificate(), cert.privateKey()).build())
        .addService(service)
        .build()
        .start();
  }

  /** The agent's own configuration format, read by its own loader. */
  private static AgentConfig config(Path dir, int port, Path ca) throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "cds-training\n");
    Path town = Files.createDirectories(dir.resolve("town"));
    // the loader checks that townRoot is a town; nothing here runs gt
    Files.writeString(Files.createDirectories(town.resolve("mayor")).resolve("town.json"), "{}\n");
    Path yaml =
        Files.writeString(
            dir.resolve("agent.yaml"),
            String.join(
                "\n",
                "hostId: cds-training",
                "townRoot: " + town,
                "stateDir: " + Files.createDirectories(dir.resolve("state")),
                "relays:",
                "  - name: training",
                "    address: localhost:" + port,
                "    tokenFile: " + token,
                "    caFile: " + ca,
                ""),
            StandardCharsets.UTF_8);
    return AgentConfig.load(yaml, Map.of(), List.of());
  }

  private static int dial(RelayConfig relay) throws InterruptedException {
    ManagedChannel channel = ChannelFactory.create(relay, Map.of());
    try {
      CountDownLatch done = new CountDownLatch(1);
      int[] received = new int[1];
      StreamObserver<AgentMessage> requests =
          HostRelayGrpc.newStub(channel)
              .withCallCredentials(new BearerTokenCredentials(relay.tokenFile().orElseThrow()))
              .connect(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(RelayMessage message) {
                      received[0]++;
                    }

                    @Override
                    public void onError(Throwable t) {
                      done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                      done.countDown();
                    }
                  });
      requests.onNext(
          AgentMessage.newBuilder()
              .setHello(
                  Hello.newBuilder()
                      .setProtocol(RelayLink.PROTOCOL)
                      .setAgentVersion(AgentVersion.VERSION)
                      .setHostId("cds-training")
                      .addAllCapabilities(HostAgent.CAPABILITIES))
              .build());
      done.await(20, TimeUnit.SECONDS);
      requests.onCompleted();
      return received[0];
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
