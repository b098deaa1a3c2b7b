package io.gastown.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * YAML, then {@code GASTOWN_AGENT_*} environment, then flags: each later source overrides the
 * earlier for the scalar keys below. Relays are configured in YAML only (they are lists).
 */
final class ConfigLoader {
  /** Scalar keys that environment and flags may set, as dotted YAML paths. */
  static final List<String> SCALAR_KEYS =
      List.of(
          "hostId",
          "townRoot",
          "gt",
          "bd",
          "tmux",
          "stateDir",
          "observeIntervalMillis",
          "watchTown",
          "commandTimeoutMillis",
          "maxOutputBytes",
          "health.address",
          "health.port");

  private static final List<String> TOP_KEYS =
      List.of(
          "hostId",
          "townRoot",
          "gt",
          "bd",
          "tmux",
          "stateDir",
          "observeIntervalMillis",
          "watchTown",
          "commandTimeoutMillis",
          "maxOutputBytes",
          "health",
          "relays");

  private final Map<String, String> env;

  ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  AgentConfig load(Path yamlFile, List<String> flagArgs) {
    Map<String, String> flags = parseFlags(flagArgs);
    Path file = flags.containsKey("config") ? Path.of(flags.remove("config")) : yamlFile;
    ObjectNode root = file == null ? JsonNodeFactory.instance.objectNode() : readYaml(file);
    NodeReader r = new NodeReader(overlay(root, flags), "");
    AgentConfig.Builder b = fill(r);
    List<String> problems = new ArrayList<>(r.problems());
    try {
      AgentConfig config = b.build();
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return config;
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      throw new ConfigException(problems);
    }
  }

  /** As {@link #load}, but collects every problem instead of throwing (see AgentConfig). */
  ConfigDiagnosis diagnose(Path yamlFile, List<String> flagArgs) {
    List<String> problems = new ArrayList<>();
    Map<String, String> flags = new HashMap<>();
    try {
      flags = parseFlags(flagArgs);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    Path file = flags.containsKey("config") ? Path.of(flags.remove("config")) : yamlFile;
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (file != null) {
      try {
        root = readYaml(file);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    NodeReader r = new NodeReader(overlay(root, flags), "");
    AgentConfig config = fill(r).buildUnvalidated();
    problems.addAll(r.problems());
    problems.addAll(ConfigValidator.problems(config));
    return new ConfigDiagnosis(config, Optional.ofNullable(file), problems);
  }

  /** Environment over YAML, flags over both. */
  private ObjectNode overlay(ObjectNode root, Map<String, String> flags) {
    for (String key : SCALAR_KEYS) {
      String value = env.get(envName(key));
      if (value != null) {
        put(root, key, value);
      }
    }
    for (Map.Entry<String, String> flag : flags.entrySet()) {
      put(root, flagKey(flag.getKey()), flag.getValue());
    }
    return root;
  }

  private AgentConfig.Builder fill(NodeReader r) {
    r.rejectUnknown(TOP_KEYS);
    String hostId = r.text("hostId").orElse("");
    Optional<String> town = r.text("townRoot");
    AgentConfig.Builder b = AgentConfig.builder(hostId, town.map(Path::of).orElse(null));
    r.text("gt").ifPresent(b::gt);
    r.text("bd").ifPresent(b::bd);
    r.text("tmux").ifPresent(b::tmux);
    b.stateDir(r.text("stateDir").map(Path::of).orElse(Defaults.stateDir(env)));
    r.longValue("observeIntervalMillis").ifPresent(b::observeIntervalMillis);
    r.bool("watchTown").ifPresent(b::watchTown);
    r.longValue("commandTimeoutMillis").ifPresent(b::commandTimeoutMillis);
    r.longValue("maxOutputBytes").ifPresent(v -> b.maxOutputBytes((int) Math.min(v, 1L << 30)));
    NodeReader health = r.child("health");
    health.rejectUnknown(List.of("address", "port"));
    b.health(
        health.text("address").orElse(HealthConfig.DEFAULT.address()),
        (int) (long) health.longValue("port").orElse((long) HealthConfig.DEFAULT.port()));
    List<NodeReader> relays = r.list("relays");
    for (NodeReader relay : relays) {
      b.relay(RelayConfigReader.read(relay));
    }
    return b;
  }

  private static ObjectNode readYaml(Path file) {
    try {
      JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(List.of("config: " + file + " is not a YAML mapping"));
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new ConfigException(List.of("config: cannot read " + file + ": " + e.getMessage()));
    }
  }

  private static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> flags = new HashMap<>();
    List<String> problems = new ArrayList<>();
    Iterator<String> it = args.iterator();
    while (it.hasNext()) {
      String arg = it.next();
      if (!arg.startsWith("--") || arg.length() == 2) {
        problems.add("flags: unexpected argument '" + arg + "'");
        continue;
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (it.hasNext()) {
        value = it.next();
      } else {
        problems.add("--" + name + ": needs a value");
        continue;
      }
      if (!name.equals("config") && !SCALAR_KEYS.contains(flagKey(name))) {
        problems.add("--" + name + ": unknown flag");
        continue;
      }
      flags.put(name, value);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return flags;
  }

  /** {@code health.port} → {@code GASTOWN_AGENT_HEALTH_PORT}. */
  static String envName(String key) {
    return "GASTOWN_AGENT_"
        + key.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
  }

  /** {@code health-port} → {@code health.port}; {@code host-id} → {@code hostId}. */
  static String flagKey(String flag) {
    for (String key : SCALAR_KEYS) {
      String kebab = key.replace('.', '-').replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
      if (kebab.equals(flag)) {
        return key;
      }
    }
    return flag;
  }

  private static void put(ObjectNode root, String dottedKey, String value) {
    int dot = dottedKey.indexOf('.');
    if (dot < 0) {
      root.put(dottedKey, value);
      return;
    }
    String parent = dottedKey.substring(0, dot);
    JsonNode child = root.get(parent);
    ObjectNode obj = child instanceof ObjectNode o ? o : root.putObject(parent);
    obj.put(dottedKey.substring(dot + 1), value);
  }
}
