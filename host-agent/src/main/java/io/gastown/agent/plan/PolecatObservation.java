package io.gastown.agent.plan;

import io.gastown.agent.town.PolecatDetail;
import io.gastown.agent.town.PolecatInfo;
import io.gastown.agent.town.RigInfo;
import io.gastown.agent.town.SessionInfo;
import io.gastown.proto.v1.PolecatStatus;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Fills a Polecat's status from what the town says about its polecat. */
final class PolecatObservation {
  private static final DateTimeFormatter GT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private PolecatObservation() {}

  static void fill(PolecatInput in, PolecatInfo p, PolecatStatus.Builder status) {
    Optional<SessionInfo> session = in.town().session(p.rig(), p.name());
    boolean running = session.map(SessionInfo::running).orElse(p.sessionRunning());
    String sessionName =
        session
            .map(SessionInfo::sessionId)
            .filter(s -> !s.isEmpty())
            .orElse(p.sessionName().isEmpty() ? prefix(in, p) + "-" + p.name() : p.sessionName());
    status
        .setPolecatName(p.name())
        .setRigName(p.rig())
        .setSession(sessionName)
        .setSessionRunning(running)
        .setPhase(phase(p, running));
    Optional<PolecatDetail> detail = in.town().polecatDetail(p.rig(), p.name());
    detail.ifPresent(
        d ->
            status
                .setBranch(d.branch())
                .setClonePath(d.clonePath())
                .setLastActivity(rfc3339(d.lastActivity(), in.zone())));
  }

  /** gt's state to the CRD's phase; a working polecat whose session died is Stalled. */
  static String phase(PolecatInfo p, boolean sessionRunning) {
    if (p.zombie()) {
      return "Zombie";
    }
    return switch (p.state()) {
      case "working" -> sessionRunning ? "Working" : "Stalled";
      case "idle" -> "Idle";
      case "done" -> "Done";
      case "stuck" -> "Stuck";
      case "stalled" -> "Stalled";
      case "zombie" -> "Zombie";
      default -> "Unknown";
    };
  }

  private static String prefix(PolecatInput in, PolecatInfo p) {
    if (in.rig().ok() && in.rig().gtName().equals(p.rig()) && !in.rig().beadsPrefix().isEmpty()) {
      return in.rig().beadsPrefix();
    }
    return in.town()
        .rig(p.rig())
        .map(RigInfo::beadsPrefix)
        .filter(s -> !s.isEmpty())
        .orElse(p.rig());
  }

  /** gt writes {@code 2006-01-02 15:04:05} in the host's zone; the CRD wants RFC 3339. */
  static String rfc3339(String gtTime, ZoneId zone) {
    if (gtTime.isEmpty()) {
      return "";
    }
    try {
      return LocalDateTime.parse(gtTime, GT_TIME).atZone(zone).format(RFC3339);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(gtTime).format(RFC3339);
      } catch (DateTimeParseException e2) {
        return "";
      }
    }
  }
}
