package io.gastown.agent.doctor;

import io.gastown.agent.config.RelayConfig;
import io.gastown.agent.link.RelayLink;
import io.gastown.proto.v1.GoodbyeReason;
import io.gastown.proto.v1.Welcome;
import io.grpc.Status;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Turns a probe's outcome into two lines — can the relay be reached (TCP and TLS), and does it
 * accept this host (credentials, host id, version) — each naming the exact refusal and its fix.
 */
final class ProbeVerdict {
  private ProbeVerdict() {}

  static List<Finding> findings(RelayConfig relay, String hostId, ProbeResult result) {
    String reach = "relay " + relay.name();
    String auth = "relay " + relay.name() + " auth";
    String address = relay.address();
    if (result instanceof ProbeResult.Welcomed w) {
      return List.of(reached(relay), welcomed(auth, hostId, w.welcome()));
    }
    if (result instanceof ProbeResult.Refused r) {
      return List.of(reached(relay), refused(auth, hostId, r));
    }
    if (result instanceof ProbeResult.NotTried n) {
      return List.of(
          Finding.fail(
              reach,
              "cannot set up the connection to " + address + ": " + n.why(),
              "fix caFile (a PEM bundle) or the address"));
    }
    return failed(relay, hostId, ((ProbeResult.Failed) result).status());
  }

  private static Finding reached(RelayConfig relay) {
    String how =
        relay.plaintextLoopbackDev()
            ? "plaintext (development only)"
            : "TLS verified against "
                + relay.caFile().map(Object::toString).orElse("the system trust store")
                + (relay.clientCertFile().isPresent() ? ", client certificate presented" : "");
    return Finding.ok("relay " + relay.name(), relay.address() + " answered over " + how);
  }

  private static Finding welcomed(String check, String hostId, Welcome w) {
    String detail =
        "accepted as host '"
            + hostId
            + "': protocol "
            + w.getProtocol().getMajor()
            + "."
            + w.getProtocol().getMinor()
            + ", cluster '"
            + w.getClusterName()
            + "', relay "
            + w.getRelayId()
            + " "
            + w.getRelayVersion();
    if (!w.getCapabilitiesList().contains(RelayProbe.CAPABILITY)) {
      return Finding.warn(
          check,
          detail
              + "; this relay does not know doctor probes, so the check opened a real session"
              + " (a running agent of this host was superseded and reconnects)",
          "upgrade the relay");
    }
    return Finding.ok(check, detail);
  }

  private static Finding refused(String check, String hostId, ProbeResult.Refused r) {
    String said = r.goodbye().getMessage();
    if (r.goodbye().getReason() == GoodbyeReason.GOODBYE_REASON_INCOMPATIBLE_VERSION) {
      return Finding.fail(
          check,
          "incompatible version: " + said,
          "upgrade the older of the agent (protocol "
              + RelayLink.PROTOCOL.getMajor()
              + "."
              + RelayLink.PROTOCOL.getMinor()
              + ") and the relay");
    }
    if (r.status().getCode() == Status.Code.PERMISSION_DENIED) {
      return Finding.fail(
          check,
          "the credentials belong to another host: " + said,
          "set hostId to the host the token (or certificate) was issued for, currently '"
              + hostId
              + "'");
    }
    if (r.goodbye().getReason() == GoodbyeReason.GOODBYE_REASON_UNAUTHENTICATED) {
      return unauthenticated(check, hostId, said);
    }
    return Finding.fail(
        check,
        "refused (" + r.goodbye().getReason() + ", " + r.status().getCode() + "): " + said,
        "see the relay's log");
  }

  private static List<Finding> failed(RelayConfig relay, String hostId, Status status) {
    String reach = "relay " + relay.name();
    String auth = reach + " auth";
    String address = relay.address();
    String description = Optional.ofNullable(status.getDescription()).orElse("");
    Optional<SSLException> tls = cause(status.getCause(), SSLException.class);
    if (tls.isPresent()) {
      return List.of(tlsFailure(relay, tls.get()));
    }
    if (cause(status.getCause(), UnknownHostException.class).isPresent()
        || cause(status.getCause(), UnresolvedAddressException.class).isPresent()) {
      return List.of(
          Finding.fail(
              reach,
              "cannot resolve the host name of " + address,
              "check relays[].address (and DNS)"));
    }
    if (cause(status.getCause(), ConnectException.class).isPresent()
        || cause(status.getCause(), NoRouteToHostException.class).isPresent()) {
      return List.of(
          Finding.fail(
              reach,
              address + " is not reachable (" + rootMessage(status) + ")",
              "check the address, that the relay runs, the firewall, or HTTPS_PROXY"));
    }
    switch (status.getCode()) {
      case UNAUTHENTICATED -> {
        if (description.startsWith("cannot read token file")
            || description.startsWith("token file")) {
          // call credentials are applied on a connected transport: TCP and TLS worked
          return List.of(
              reached(relay),
              Finding.fail(auth, "no token sent: " + description, "fix the token file (above)"));
        }
        return List.of(reached(relay), unauthenticated(auth, hostId, description));
      }
      case PERMISSION_DENIED -> {
        return List.of(
            reached(relay),
            Finding.fail(
                auth,
                "refused: " + description,
                "check hostId and that this host may connect to the relay"));
      }
      case DEADLINE_EXCEEDED -> {
        return List.of(
            Finding.fail(
                reach,
                "no answer from "
                    + address
                    + " in time (a firewall dropping packets, or not a"
                    + " gastown relay there)",
                "check the address and port, the firewall, or HTTPS_PROXY"));
      }
      case UNAVAILABLE -> {
        return List.of(
            Finding.fail(
                reach,
                address + " is not reachable (" + rootMessage(status) + ")",
                "check the address, that the relay runs, the firewall, or HTTPS_PROXY"));
      }
      default -> {
        return List.of(
            Finding.fail(
                reach,
                "the call failed: " + status.getCode() + " " + description,
                "see the relay's log"));
      }
    }
  }

  private static Finding unauthenticated(String check, String hostId, String said) {
    return Finding.fail(
        check,
        "the relay refused the credentials (UNAUTHENTICATED: " + said + ")",
        "tokenFile must hold a token whose sha256 the relay's tokens file lists for host '"
            + hostId
            + "' (helm: tokens.hashes."
            + hostId
            + ")");
  }

  private static Finding tlsFailure(RelayConfig relay, SSLException e) {
    String check = "relay " + relay.name();
    String msg = rootMessage(e);
    String lower = chainMessages(e).toLowerCase(Locale.ROOT);
    String trust = relay.caFile().map(Object::toString).orElse("the system trust store");
    if (lower.contains("pkix")
        || lower.contains("certification path")
        || lower.contains("trust anchor")) {
      return Finding.fail(
          check,
          "TLS: the relay's certificate is not signed by a CA in " + trust,
          "set caFile to the CA that signed the relay's certificate (the chart's Secret ca.crt)");
    }
    if (lower.contains("subject alternative") || lower.contains("no name matching")) {
      return Finding.fail(
          check,
          "TLS: the relay's certificate does not name "
              + relay.serverNameOverride().orElse(relay.host())
              + " ("
              + msg
              + ")",
          "dial a name the certificate holds, set serverNameOverride, or reissue it"
              + " (gen-certs.sh --relay-name)");
    }
    if (lower.contains("not an ssl/tls record") || lower.contains("unrecognized ssl message")) {
      return Finding.fail(
          check,
          "TLS: " + relay.address() + " does not speak TLS",
          "check the port (the relay's gRPC port, not its health port)");
    }
    if (lower.contains("bad_certificate")
        || lower.contains("certificate_unknown")
        || lower.contains("unknown_ca")
        || lower.contains("certificate_required")
        || lower.contains("certificate_revoked")
        || lower.contains("certificate_expired")) {
      return Finding.fail(
          check,
          "TLS: the relay refused this host's client certificate (" + msg + ")",
          "use a current certificate signed by the relay's client CA (RELAY_CLIENT_CA_FILE),"
              + " not revoked");
    }
    if (lower.contains("expired") || lower.contains("not yet valid")) {
      return Finding.fail(
          check,
          "TLS: the relay's certificate is expired or not yet valid (" + msg + ")",
          "renew the relay's certificate, or check this host's clock");
    }
    return Finding.fail(check, "TLS handshake failed: " + msg, "check caFile and the address");
  }

  private static <T extends Throwable> Optional<T> cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return Optional.of(type.cast(c));
      }
    }
    return Optional.empty();
  }

  /** Every message of the cause chain: the JDK puts the telling words at different depths. */
  private static String chainMessages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  private static String rootMessage(Status status) {
    if (status.getCause() != null) {
      return rootMessage(status.getCause());
    }
    return Optional.ofNullable(status.getDescription()).orElse(status.getCode().toString());
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
  }
}
