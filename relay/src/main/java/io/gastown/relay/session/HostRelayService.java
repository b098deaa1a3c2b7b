package io.gastown.relay.session;

import io.gastown.proto.v1.AgentMessage;
import io.gastown.proto.v1.HostRelayGrpc;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.relay.status.ReportIntake;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** HostRelay.Connect: each call becomes a {@link Session} of the authenticated host. */
public final class HostRelayService extends HostRelayGrpc.HostRelayImplBase {
  private final SessionRegistry registry;
  private final ReportIntake intake;
  private final SessionSettings settings;

  public HostRelayService(SessionRegistry registry, ReportIntake intake, SessionSettings settings) {
    this.registry = registry;
    this.intake = intake;
    this.settings = settings;
  }

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<RelayMessage> responseObserver) {
    Credential credential = AuthInterceptor.CREDENTIAL.get();
    if (credential == null) { // only reachable if the interceptor is missing: fail closed
      responseObserver.onError(Status.UNAUTHENTICATED.asRuntimeException());
      return new NoOpObserver();
    }
    ServerCallStreamObserver<RelayMessage> call =
        (ServerCallStreamObserver<RelayMessage>) responseObserver;
    Session session =
        new Session(
            credential,
            new OutboundSender(call, registry::outboundCoalesced),
            registry,
            intake,
            settings);
    call.setOnCancelHandler(session::cancelled);
    registry.opened(session);
    return session;
  }

  private static final class NoOpObserver implements StreamObserver<AgentMessage> {
    @Override
    public void onNext(AgentMessage value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
