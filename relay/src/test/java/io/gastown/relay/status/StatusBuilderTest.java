package io.gastown.relay.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gastown.proto.v1.ConditionStatus;
import io.gastown.proto.v1.StatusReport;
import io.gastown.relay.api.Condition;
import io.gastown.relay.api.PolecatStatus;
import io.gastown.relay.api.ResourceKind;
import io.gastown.relay.api.RigStatus;
import io.gastown.relay.route.Route;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-05-01T11:00:00Z");
  private static final Route LAPTOP = new Route.To("laptop");

  private static StatusReport report(ConditionStatus ready, String phase) {
    return StatusReport.newBuilder()
        .setObservedGeneration(4)
        .addConditions(
            io.gastown.proto.v1.Condition.newBuilder()
                .setType("Ready")
                .setStatus(ready)
                .setReason("Checked"))
        .addConditions(
            io.gastown.proto.v1.Condition.newBuilder()
                .setType("HostConnected") // the relay's to set: ignored
                .setStatus(ConditionStatus.CONDITION_STATUS_FALSE))
        .setRig(io.gastown.proto.v1.RigStatus.newBuilder().setPhase(phase).setPolecats(2))
        .build();
  }

  private static RigStatus build(
      RigStatus live, Optional<StatusReport> report, Route route, HostLink link, Instant now) {
    return StatusBuilder.desired(
        new StatusBuilder.Inputs<>(ResourceKind.RIG, live, report, route, link, now));
  }

  private static Condition find(RigStatus s, String type) {
    return ConditionMerge.find(s.conditions(), type);
  }

  @Test
  void aReportBecomesTheStatusWithObservedGenerationHostAndHostConnected() {
    RigStatus s =
        build(
            RigStatus.empty(),
            Optional.of(report(ConditionStatus.CONDITION_STATUS_TRUE, "Ready")),
            LAPTOP,
            HostLink.CONNECTED,
            T0);

    assertEquals(4L, s.observedGeneration());
    assertEquals("laptop", s.host());
    assertEquals("Ready", s.phase());
    assertEquals(2, s.polecats());
    assertEquals(
        List.of("HostConnected", "Ready"), s.conditions().stream().map(Condition::type).toList());
    assertEquals(Condition.TRUE, find(s, "HostConnected").status());
    assertEquals(4L, find(s, "Ready").observedGeneration());
    assertEquals("2026-05-01T10:00:00Z", find(s, "Ready").lastTransitionTime());
  }

  @Test
  void buildingAgainFromItsOwnResultChangesNothing() {
    Optional<StatusReport> r = Optional.of(report(ConditionStatus.CONDITION_STATUS_TRUE, "Ready"));
    RigStatus first = build(RigStatus.empty(), r, LAPTOP, HostLink.CONNECTED, T0);
    assertEquals(first, build(first, r, LAPTOP, HostLink.CONNECTED, T1));
  }

  @Test
  void aChangedConditionStatusMovesItsTransitionTime() {
    RigStatus first =
        build(
            RigStatus.empty(),
            Optional.of(report(ConditionStatus.CONDITION_STATUS_TRUE, "Ready")),
            LAPTOP,
            HostLink.CONNECTED,
            T0);
    RigStatus second =
        build(
            first,
            Optional.of(report(ConditionStatus.CONDITION_STATUS_FALSE, "Error")),
            LAPTOP,
            HostLink.CONNECTED,
            T1);
    assertEquals("2026-05-01T11:00:00Z", find(second, "Ready").lastTransitionTime());
    assertEquals("2026-05-01T10:00:00Z", find(second, "HostConnected").lastTransitionTime());
  }

  @Test
  void aHostGoneLongerThanTheGraceMakesHostConnectedAndReadyUnknown() {
    Optional<StatusReport> r = Optional.of(report(ConditionStatus.CONDITION_STATUS_TRUE, "Ready"));
    RigStatus connected = build(RigStatus.empty(), r, LAPTOP, HostLink.CONNECTED, T0);

    RigStatus inGrace = build(connected, r, LAPTOP, HostLink.GRACE, T1);
    assertEquals(connected, inGrace);

    RigStatus gone = build(connected, r, LAPTOP, HostLink.DISCONNECTED, T1);
    assertEquals(Condition.UNKNOWN, find(gone, "HostConnected").status());
    assertEquals("HostDisconnected", find(gone, "HostConnected").reason());
    assertEquals(Condition.UNKNOWN, find(gone, "Ready").status());
    assertEquals("Ready", gone.phase(), "the last reported fields stay");

    RigStatus back = build(gone, r, LAPTOP, HostLink.CONNECTED, T1.plusSeconds(60));
    assertEquals(Condition.TRUE, find(back, "Ready").status());
  }

  @Test
  void withoutAReportTheLiveFieldsStayAndARelaySetReadyWaitsForTheAgent() {
    RigStatus live =
        RigStatus.empty()
            .withCommon(
                1L,
                "laptop",
                List.of(
                    new Condition(
                        "Ready",
                        "Unknown",
                        "HostNotConnected",
                        "x",
                        "2026-01-01T00:00:00Z",
                        null)));
    RigStatus s = build(live, Optional.empty(), LAPTOP, HostLink.CONNECTED, T0);
    assertEquals(1L, s.observedGeneration());
    assertEquals("AwaitingReport", find(s, "Ready").reason());

    RigStatus never =
        build(RigStatus.empty(), Optional.empty(), LAPTOP, HostLink.NEVER_CONNECTED, T0);
    assertEquals("HostNotConnected", find(never, "HostConnected").reason());
  }

  @Test
  void anUnroutedResourceSaysWhyAndHasNoHost() {
    PolecatStatus s =
        StatusBuilder.desired(
            new StatusBuilder.Inputs<>(
                ResourceKind.POLECAT,
                PolecatStatus.empty(),
                Optional.empty(),
                new Route.Nowhere("Rig r does not exist"),
                HostLink.CONNECTED,
                T0));
    assertNull(s.host());
    Condition c = ConditionMerge.find(s.conditions(), "HostConnected");
    assertEquals("NoHostRouted", c.reason());
    assertEquals("Rig r does not exist", c.message());
  }
}
