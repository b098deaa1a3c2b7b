package io.gastown.agent.config;

import java.nio.file.Path;
import java.util.List;

/** Reads one entry of {@code relays:}. */
final class RelayConfigReader {
  private static final List<String> KEYS =
      List.of(
          "name",
          "address",
          "tokenFile",
          "caFile",
          "serverNameOverride",
          "plaintextLoopbackDev",
          "allow",
          "mirror",
          "maxPolecats",
          "clientCertFile",
          "clientKeyFile",
          "maxAutomatons");

  private RelayConfigReader() {}

  static RelayConfig read(NodeReader r) {
    r.rejectUnknown(KEYS);
    NodeReader allow = r.child("allow");
    allow.rejectUnknown(List.of("namespaces", "rigs"));
    return new RelayConfig(
        r.text("name").orElse(""),
        r.text("address").orElse(""),
        r.text("tokenFile").map(Path::of),
        r.text("caFile").map(Path::of),
        r.text("serverNameOverride"),
        r.bool("plaintextLoopbackDev").orElse(false),
        new AllowList(allow.strings("namespaces"), allow.strings("rigs")),
        r.bool("mirror").orElse(false),
        (int) (long) r.longValue("maxPolecats").orElse(0L),
        r.text("clientCertFile").map(Path::of),
        r.text("clientKeyFile").map(Path::of),
        (int) (long) r.longValue("maxAutomatons").orElse(0L));
  }
}
