package io.gastown.agent.act;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gastown.agent.plan.ResourceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bead created for each claimed Automaton that named none (uid → bead id), kept on disk so a
 * restarted agent works the same bead. bd itself is the witness before a create (a bead carrying
 * the Automaton's label), so a crash between {@code bd create} and this write loses nothing.
 */
public final class AutomatonJournal {
  static final String FILE = "automaton-journal.json";
  private static final Logger LOG = LoggerFactory.getLogger(AutomatonJournal.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One entry as stored. */
  public record Entry(String relay, String uid, String beadId) {
    ResourceKey key() {
      return new ResourceKey(relay, uid);
    }
  }

  record Document(int version, List<Entry> entries) {}

  private final Optional<Path> file;
  private final Map<ResourceKey, Entry> entries = new LinkedHashMap<>();

  private AutomatonJournal(Optional<Path> file) {
    this.file = file;
  }

  public static AutomatonJournal open(Path stateDir) {
    AutomatonJournal j = new AutomatonJournal(Optional.of(stateDir.resolve(FILE)));
    Path f = stateDir.resolve(FILE);
    try {
      if (Files.exists(f)) {
        for (Entry e : JSON.readValue(f.toFile(), Document.class).entries()) {
          j.entries.put(e.key(), e);
        }
      }
    } catch (IOException e) {
      LOG.error("automaton journal {} is unreadable ({}); starting empty", f, e.getMessage());
    }
    return j;
  }

  public static AutomatonJournal inMemory() {
    return new AutomatonJournal(Optional.empty());
  }

  public synchronized Optional<String> bead(ResourceKey key) {
    return Optional.ofNullable(entries.get(key)).map(Entry::beadId);
  }

  public synchronized void created(ResourceKey key, String beadId) {
    Entry previous = entries.put(key, new Entry(key.relay(), key.uid(), beadId));
    if (previous == null || !previous.beadId().equals(beadId)) {
      write();
    }
  }

  public synchronized void remove(ResourceKey key) {
    if (entries.remove(key) != null) {
      write();
    }
  }

  private void write() {
    if (file.isEmpty()) {
      return;
    }
    try {
      DurableFile.write(
          file.get(), JSON.writeValueAsBytes(new Document(1, new ArrayList<>(entries.values()))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the automaton journal " + file.get(), e);
    }
  }
}
