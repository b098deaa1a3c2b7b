package io.gastown.agent.doctor;

import io.gastown.agent.AgentVersion;
import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.link.BearerTokenCredentials;
import io.gastown.agent.link.RelayLink;
import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.Hello;
import io.gastown.proto.v1.HostRelayGrpc;
import io.gastown.proto.v1.RelayMessage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Dials a relay the way the agent does (same channel: TLS, CA, proxy, keepalive; same bearer
 * credentials) and sends a Hello declaring {@link #CAPABILITY}: a relay that knows probes checks
 * credentials and version, answers Welcome and ends the stream without opening a session.
 */
final class RelayProbe {
  /** The Hello capability that asks for a check only, no session. */
  static final String CAPABILITY = "probe";

  private final Function<RelayConfig, ManagedChannel> channels;
  private final Clock clock;
  private final Duration timeout;

  RelayProbe(Function<RelayConfig, ManagedChannel> channels, Clock clock, Duration timeout) {
    this.channels = channels;
    this.clock = clock;
    this.timeout = timeout;
  }

  ProbeResult probe(RelayConfig relay, String hostId) {
    ManagedChannel channel;
    try {
      channel = channels.apply(relay);
    } catch (RuntimeException e) {
      return new ProbeResult.NotTried(e.getMessage());
    }
    CompletableFuture<ProbeResult> answer = new CompletableFuture<>();
    try {
      HostRelayGrpc.HostRelayStub stub =
          HostRelayGrpc.newStub(channel)
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (relay.tokenFile().isPresent()) {
        stub = stub.withCallCredentials(new BearerTokenCredentials(relay.tokenFile().get()));
      }
      StreamObserver<AgentMessage> requests = stub.connect(new Answer(answer));
      requests.onNext(AgentMessage.newBuilder().setHello(hello(hostId)).build());
      ProbeResult result = await(answer);
      if (result instanceof ProbeResult.Welcomed) {
        requests.onCompleted();
      }
      return result;
    } finally {
      channel.shutdownNow();
      try {
        channel.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Hello hello(String hostId) {
    return Hello.newBuilder()
        .setProtocol(RelayLink.PROTOCOL)
        .setAgentVersion(AgentVersion.VERSION)
        .setHostId(hostId)
        .addCapabilities(CAPABILITY)
        .setAgentInstanceId("doctor")
        .setSentAtUnixMillis(clock.millis())
        .build();
  }

  private ProbeResult await(CompletableFuture<ProbeResult> answer) {
    try {
      // the call's own deadline ends it; this bound only guards against a lost callback
      return answer.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeResult.Failed(Status.CANCELLED.withDescription("interrupted"));
    } catch (ExecutionException | TimeoutException e) {
      return new ProbeResult.Failed(Status.DEADLINE_EXCEEDED.withCause(e));
    }
  }

  /** The first answer settles the probe; a Goodbye waits for the status that follows it. */
  private static final class Answer implements StreamObserver<RelayMessage> {
    private final CompletableFuture<ProbeResult> answer;
    private volatile io.gastown.proto.v1.Goodbye goodbye;

    Answer(CompletableFuture<ProbeResult> answer) {
      this.answer = answer;
    }

    @Override
    public void onNext(RelayMessage m) {
      switch (m.getBodyCase()) {
        case WELCOME -> answer.complete(new ProbeResult.Welcomed(m.getWelcome()));
        case GOODBYE -> goodbye = m.getGoodbye();
        default -> {
          // a relay without probes sends a resync: the Welcome before it settled the probe
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      Status status = Status.fromThrowable(t);
      answer.complete(
          goodbye != null
              ? new ProbeResult.Refused(goodbye, status)
              : new ProbeResult.Failed(status));
    }

    @Override
    public void onCompleted() {
      answer.complete(
          goodbye != null
              ? new ProbeResult.Refused(goodbye, Status.OK)
              : new ProbeResult.Failed(
                  Status.UNKNOWN.withDescription("the relay closed the stream without a Welcome")));
    }
  }
}
