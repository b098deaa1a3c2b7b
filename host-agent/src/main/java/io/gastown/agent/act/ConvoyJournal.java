package io.gastown.agent.act;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gastown.agent.plan.ConvoyRecord;
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
 * Which convoy each Convoy CR owns (CR uid → {@code hq-cv-…}), kept on disk so no CR ever creates a
 * second convoy, across agent restarts too. An entry is written before {@code gt convoy create}
 * runs (a create "may have happened") and again with the id once it printed one; both writes are
 * atomic. The town itself (a convoy with the CR's title and beads) is the first witness when an
 * entry has no id yet.
 */
public final class ConvoyJournal {
  static final String FILE = "convoy-journal.json";
  private static final Logger LOG = LoggerFactory.getLogger(ConvoyJournal.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One entry as stored; {@code convoyId} is empty while a create is unconfirmed. */
  public record Entry(
      String relay,
      String uid,
      String convoyId,
      String description,
      List<String> beads,
      long generation,
      long startedAtMillis,
      int attempts,
      String completedAt) {

    ResourceKey key() {
      return new ResourceKey(relay, uid);
    }

    public ConvoyRecord record() {
      return new ConvoyRecord(
          convoyId,
          description,
          beads,
          generation,
          Instant.ofEpochMilli(startedAtMillis),
          attempts,
          completedAt == null ? "" : completedAt);
    }
  }

  record Document(int version, List<Entry> entries) {}

  private final Optional<Path> file;
  private final Clock clock;
  private final Map<ResourceKey, Entry> entries = new LinkedHashMap<>();

  private ConvoyJournal(Optional<Path> file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** Opens (and reads) the journal in {@code stateDir}. */
  public static ConvoyJournal open(Path stateDir, Clock clock) {
    ConvoyJournal j = new ConvoyJournal(Optional.of(stateDir.resolve(FILE)), clock);
    j.read();
    return j;
  }

  /** A journal that forgets on restart (tests, and agents built without a state directory). */
  public static ConvoyJournal inMemory(Clock clock) {
    return new ConvoyJournal(Optional.empty(), clock);
  }

  private void read() {
    Path f = file.orElseThrow();
    try {
      if (Files.exists(f)) {
        for (Entry e : JSON.readValue(f.toFile(), Document.class).entries()) {
          entries.put(e.key(), e);
        }
      }
    } catch (IOException e) {
      // The town (title + tracked beads) stays the witness; the journal only narrows a window.
      LOG.error("convoy journal {} is unreadable ({}); starting empty", f, e.getMessage());
    }
  }

  public synchronized Optional<Entry> get(ResourceKey key) {
    return Optional.ofNullable(entries.get(key));
  }

  public synchronized List<Entry> all() {
    return List.copyOf(entries.values());
  }

  /** A create starts now; durable before it returns. Counts attempts per generation. */
  public synchronized void beginCreate(
      ResourceKey key, String description, List<String> beads, long generation) {
    Entry previous = entries.get(key);
    if (previous != null && !previous.convoyId().isEmpty()) {
      return; // never: the planner creates only without an id; keep the id if it happens
    }
    int attempts =
        previous != null && previous.generation() == generation ? previous.attempts() + 1 : 1;
    put(
        new Entry(
            key.relay(),
            key.uid(),
            "",
            description,
            List.copyOf(beads),
            generation,
            clock.millis(),
            attempts,
            ""));
  }

  /** The CR owns this convoy (created by us, or found in the town). */
  public synchronized void bind(ResourceKey key, String convoyId) {
    Entry e = entries.get(key);
    if (e != null && e.convoyId().equals(convoyId)) {
      return;
    }
    put(
        new Entry(
            key.relay(),
            key.uid(),
            convoyId,
            e == null ? "" : e.description(),
            e == null ? List.of() : e.beads(),
            e == null ? 0 : e.generation(),
            e == null ? clock.millis() : e.startedAtMillis(),
            e == null ? 0 : e.attempts(),
            e == null ? "" : e.completedAt()));
  }

  /** Remembers when the convoy was first seen complete (RFC 3339), so it never changes. */
  public synchronized void completed(ResourceKey key, String at) {
    Entry e = entries.get(key);
    if (e == null || !e.completedAt().isEmpty()) {
      return;
    }
    put(
        new Entry(
            e.relay(),
            e.uid(),
            e.convoyId(),
            e.description(),
            e.beads(),
            e.generation(),
            e.startedAtMillis(),
            e.attempts(),
            at));
  }

  /** gt refused the create (it certainly made nothing): an unconfirmed entry goes. */
  public synchronized void refused(ResourceKey key) {
    Entry e = entries.get(key);
    if (e != null && e.convoyId().isEmpty()) {
      remove(key);
    }
  }

  public synchronized void remove(ResourceKey key) {
    if (entries.remove(key) != null) {
      write();
    }
  }

  private void put(Entry e) {
    entries.put(e.key(), e);
    write();
  }

  private void write() {
    if (file.isEmpty()) {
      return;
    }
    try {
      DurableFile.write(
          file.get(), JSON.writeValueAsBytes(new Document(1, new ArrayList<>(entries.values()))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the convoy journal " + file.get(), e);
    }
  }
}
