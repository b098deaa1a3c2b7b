package io.gastown.agent.config;

import java.util.List;

/** The configuration is invalid; the message names each field and what is wrong with it. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One entry per problem, each starting with the field's path, e.g. {@code relays[0].address}. */
  public List<String> problems() {
    return problems;
  }
}
