package io.gastown.agent.config;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a built configuration; every problem names its field. */
final class ConfigValidator {
  static final Pattern HOST_ID = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  private ConfigValidator() {}

  static void validate(AgentConfig c) {
    List<String> problems = problems(c);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** Every problem of {@code c}, each naming its field; empty when it is valid. */
  static List<String> problems(AgentConfig c) {
    List<String> problems = new ArrayList<>();
    if (c.hostId() == null || c.hostId().isEmpty()) {
      problems.add("hostId: required");
    } else if (!HOST_ID.matcher(c.hostId()).matches()) {
      problems.add("hostId: must match " + HOST_ID.pattern() + ", got '" + c.hostId() + "'");
    }
    if (c.townRoot() == null) {
      problems.add("townRoot: required");
    } else if (!Files.isRegularFile(c.townRoot().resolve("mayor/town.json"))) {
      problems.add("townRoot: " + c.townRoot() + " holds no mayor/town.json (not a Gas Town root)");
    }
    requireText(problems, "gt", c.gt());
    requireText(problems, "bd", c.bd());
    requireText(problems, "tmux", c.tmux());
    if (c.stateDir() == null) {
      problems.add("stateDir: required");
    }
    if (c.observeIntervalMillis() < 10) {
      problems.add("observeIntervalMillis: must be at least 10");
    }
    if (c.commandTimeoutMillis() < 100) {
      problems.add("commandTimeoutMillis: must be at least 100");
    }
    if (c.maxOutputBytes() < 1024) {
      problems.add("maxOutputBytes: must be at least 1024");
    }
    if (c.health() == null || c.health().address() == null || c.health().address().isBlank()) {
      problems.add("health.address: required");
    } else if (c.health().port() < 0 || c.health().port() > 65535) {
      problems.add("health.port: must be 0-65535");
    }
    validateRelays(problems, c.relays());
    return problems;
  }

  private static void validateRelays(List<String> problems, List<RelayConfig> relays) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < relays.size(); i++) {
      RelayConfig r = relays.get(i);
      String at = "relays[" + i + "].";
      if (r.name() == null || r.name().isBlank()) {
        problems.add(at + "name: required");
      } else if (!names.add(r.name())) {
        problems.add(at + "name: '" + r.name() + "' is used by another relay");
      }
      if (r.address() == null || r.address().isBlank()) {
        problems.add(at + "address: required");
        continue;
      }
      HostPort hp;
      try {
        hp = HostPort.parse(r.address());
      } catch (IllegalArgumentException e) {
        problems.add(at + "address: " + e.getMessage());
        continue;
      }
      if (r.plaintextLoopbackDev() && !hp.isLoopback()) {
        problems.add(
            at
                + "plaintextLoopbackDev: only allowed for loopback addresses, not '"
                + r.address()
                + "'");
      }
      if (r.maxPolecats() < 0) {
        problems.add(at + "maxPolecats: must be 0 (no limit) or more");
      }
      if (r.maxAutomatons() < 0) {
        problems.add(at + "maxAutomatons: must be 0 (claims none) or more");
      }
      if (r.clientCertFile().isPresent() != r.clientKeyFile().isPresent()) {
        problems.add(at + "clientCertFile and clientKeyFile: set both (mTLS) or neither");
      }
      if (r.plaintextLoopbackDev() && r.clientCertFile().isPresent()) {
        problems.add(at + "clientCertFile: needs TLS, not plaintextLoopbackDev");
      }
    }
  }

  private static void requireText(List<String> problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(field + ": required");
    }
  }
}
