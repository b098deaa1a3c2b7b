package io.gastown.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.proto.v1.DesiredUpsert;
import io.gastown.proto.v1.Goodbye;
import io.gastown.proto.v1.RelayMessage;
import io.gastown.proto.v1.Resource;
import io.gastown.proto.v1.ResyncBegin;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundSenderTest {

  /** A stream that is ready only when the test says so. */
  private static final class FakeCall extends ServerCallStreamObserver<RelayMessage> {
    final List<RelayMessage> sent = new ArrayList<>();
    boolean ready = true;
    Runnable onReady = () -> {};
    Status closedWith;

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable r) {
      onReady = r;
    }

    void becomeReady() {
      ready = true;
      onReady.run();
    }

    @Override
    public void onNext(RelayMessage value) {
      sent.add(value);
    }

    @Override
    public void onError(Throwable t) {
      closedWith = Status.fromThrowable(t);
    }

    @Override
    public void onCompleted() {
      closedWith = Status.OK;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setOnCancelHandler(Runnable r) {}

    @Override
    public void setCompression(String c) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int n) {}

    @Override
    public void setMessageCompression(boolean enable) {}
  }

  private static RelayMessage upsert(String uid, long generation) {
    return RelayMessage.newBuilder()
        .setUpsert(
            DesiredUpsert.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .setRef(io.gastown.proto.v1.ResourceRef.newBuilder().setUid(uid))
                        .setGeneration(generation)))
        .build();
  }

  private static RelayMessage marker(long id) {
    return RelayMessage.newBuilder()
        .setResyncBegin(ResyncBegin.newBuilder().setResyncId(id))
        .build();
  }

  @Test
  void whileTheStreamIsNotReadyTheNewestStateOfAResourceReplacesTheWaitingOneInPlace() {
    FakeCall call = new FakeCall();
    OutboundSender sender = new OutboundSender(call);
    call.ready = false;

    sender.send(marker(1));
    sender.sendCoalesced("res:a", upsert("a", 1));
    sender.sendCoalesced("res:b", upsert("b", 1));
    sender.sendCoalesced("res:a", upsert("a", 2));
    sender.send(marker(2));
    assertTrue(call.sent.isEmpty(), "flow control: nothing sent while not ready");
    assertEquals(5 - 1, sender.waiting());

    call.becomeReady();

    assertEquals(List.of(marker(1), upsert("a", 2), upsert("b", 1), marker(2)), call.sent);
  }

  @Test
  void finishDropsWhatWaitsSendsTheGoodbyeEvenWhenNotReadyAndCloses() {
    FakeCall call = new FakeCall();
    OutboundSender sender = new OutboundSender(call);
    call.ready = false;
    sender.sendCoalesced("res:a", upsert("a", 1));

    RelayMessage bye =
        RelayMessage.newBuilder().setGoodbye(Goodbye.newBuilder().setMessage("bye")).build();
    sender.finish(bye, Status.ABORTED);
    sender.send(marker(3));

    assertEquals(List.of(bye), call.sent);
    assertEquals(Status.Code.ABORTED, call.closedWith.getCode());
    assertTrue(sender.closed());
  }
}
