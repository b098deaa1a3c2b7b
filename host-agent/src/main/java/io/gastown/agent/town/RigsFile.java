package io.gastown.agent.town;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The rigs' repository URLs from {@code <town>/mayor/rigs.json} (gt's own registry; no gt command
 * lists them). Re-read only when the file changes. Read-only: the agent never writes gt's files.
 */
public final class RigsFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private FileTime readAt;
  private Map<String, String> gitUrls = Map.of();

  public RigsFile(Path townRoot) {
    this.file = townRoot.resolve("mayor").resolve("rigs.json");
  }

  /** gt rig name → git URL; empty when the file is missing or unreadable. */
  public synchronized Map<String, String> gitUrls() {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      if (!modified.equals(readAt)) {
        Map<String, String> urls = new HashMap<>();
        JsonNode rigs = JSON.readTree(file.toFile()).path("rigs");
        rigs.fields()
            .forEachRemaining(e -> urls.put(e.getKey(), e.getValue().path("git_url").asText("")));
        gitUrls = Map.copyOf(urls);
        readAt = modified;
      }
    } catch (IOException e) {
      gitUrls = Map.of();
      readAt = null;
    }
    return gitUrls;
  }
}
