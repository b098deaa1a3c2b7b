package io.gastown.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A configuration loaded as far as it goes, with what is wrong with it: what {@code host-agent
 * doctor} needs to check everything else even when the configuration is broken.
 *
 * @param config the configuration; its fields may be null (townRoot) or invalid when {@code
 *     problems} is not empty
 * @param file the YAML file read, if any
 * @param problems what {@link AgentConfig#load} would refuse, each naming its field
 */
public record ConfigDiagnosis(AgentConfig config, Optional<Path> file, List<String> problems) {

  public ConfigDiagnosis {
    problems = List.copyOf(problems);
  }
}
