package io.gastown.agent.act;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gastown.agent.plan.InFlightSling;
import io.gastown.agent.plan.ResourceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slings that may have happened but whose effect has not been seen yet, kept on disk so an
 * agent that crashes between starting {@code gt sling} and observing the hooked bead does not sling
 * the same bead again after a restart. Written before every sling, atomically (temp file, fsync,
 * rename, fsync of the directory): the file always holds the old or the new journal.
 */
public final class SlingJournal {
  static final String FILE = "sling-journal.json";
  private static final Logger LOG = LoggerFactory.getLogger(SlingJournal.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One entry as stored. */
  public record Entry(
      String relay,
      String uid,
      String beadId,
      String rigName,
      long generation,
      long startedAtMillis,
      int attempts) {

    ResourceKey key() {
      return new ResourceKey(relay, uid);
    }

    public InFlightSling inFlight() {
      return new InFlightSling(beadId, generation, Instant.ofEpochMilli(startedAtMillis), attempts);
    }
  }

  /** The file's shape. */
  record Document(int version, List<Entry> entries) {}

  private final Path dir;
  private final Path file;
  private final Clock clock;
  private final Map<ResourceKey, Entry> entries = new LinkedHashMap<>();

  /** Opens (and reads) the journal in {@code stateDir}, creating the directory. */
  public SlingJournal(Path stateDir, Clock clock) {
    this.dir = stateDir;
    this.file = stateDir.resolve(FILE);
    this.clock = clock;
    try {
      Files.createDirectories(stateDir);
      if (Files.exists(file)) {
        Document d = JSON.readValue(file.toFile(), Document.class);
        for (Entry e : d.entries()) {
          entries.put(e.key(), e);
        }
        if (!entries.isEmpty()) {
          LOG.info(
              "sling journal: {} sling(s) may have been in flight when the agent stopped",
              entries.size());
        }
      }
    } catch (IOException e) {
      // gt's own state (a hooked bead) stays the first witness; the journal only narrows a window.
      LOG.error("sling journal {} is unreadable ({}); starting empty", file, e.getMessage());
    }
  }

  public synchronized Optional<Entry> get(ResourceKey key) {
    return Optional.ofNullable(entries.get(key));
  }

  public synchronized List<Entry> all() {
    return List.copyOf(entries.values());
  }

  /** Records that a sling starts now; durable before it returns. Counts attempts per generation. */
  public synchronized Entry begin(ResourceKey key, String beadId, String rigName, long generation) {
    Entry previous = entries.get(key);
    int attempts =
        previous != null && previous.generation() == generation && previous.beadId().equals(beadId)
            ? previous.attempts() + 1
            : 1;
    Entry e =
        new Entry(key.relay(), key.uid(), beadId, rigName, generation, clock.millis(), attempts);
    entries.put(key, e);
    write();
    return e;
  }

  /** The sling's outcome is known (the bead is hooked, or gt refused it). */
  public synchronized void remove(ResourceKey key) {
    if (entries.remove(key) != null) {
      write();
    }
  }

  private void write() {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(new Document(1, new ArrayList<>(entries.values())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the sling journal " + file, e);
    }
    DurableFile.write(file, bytes);
  }
}
