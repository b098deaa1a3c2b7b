package io.gastown.bench.town;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every gt/bd invocation of the run: the stand-in's {@code calls.jsonl} joined on pid with the
 * wrapper's exec log. Pids are reused (pid_max may be 32768), so a call is matched with the latest
 * exec stamp of its pid that precedes the call's own stamp.
 */
public final class CallJournal {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TailReader calls;
  private final TailReader execs;
  private final Map<Long, TreeMap<Long, String>> spawnsByPid = new HashMap<>();
  private final List<Call> all = new ArrayList<>();

  public CallJournal(Path callsJsonl, Path execLog) {
    this.calls = new TailReader(callsJsonl);
    this.execs = new TailReader(execLog);
  }

  /** Reads what was appended since the last refresh; returns every call so far, oldest first. */
  public synchronized List<Call> refresh() {
    // Calls first, then spawns: a call's wrapper stamp was written before the call's own line, so
    // every call read here finds its stamp in the exec log read after it.
    List<String> newCalls = calls.newLines();
    for (String line : execs.newLines()) {
      String[] f = line.trim().split(" ");
      if (f.length >= 2) {
        long micros = parseMicros(f[1]);
        spawnsByPid
            .computeIfAbsent(Long.parseLong(f[0]), p -> new TreeMap<>())
            .put(micros, f.length > 2 ? f[2] : "");
      }
    }
    for (String line : newCalls) {
      try {
        all.add(toCall(JSON.readTree(line)));
      } catch (IOException e) {
        throw new IllegalStateException("not JSON in calls.jsonl: " + line, e);
      }
    }
    return List.copyOf(all);
  }

  /** Calls logged after {@code fromIndex} (an earlier {@code refresh().size()}). */
  public synchronized List<Call> since(int fromIndex) {
    refresh();
    return List.copyOf(all.subList(Math.min(fromIndex, all.size()), all.size()));
  }

  public synchronized int size() {
    refresh();
    return all.size();
  }

  private Call toCall(JsonNode n) {
    List<String> argv = new ArrayList<>();
    n.path("argv").forEach(a -> argv.add(a.asText()));
    long ts = n.path("ts").asLong();
    long pid = n.path("pid").asLong();
    long spawn = -1;
    TreeMap<Long, String> stamps = spawnsByPid.get(pid);
    if (stamps != null) {
      // the stand-in truncates its stamp to the millisecond; its own start comes after the spawn
      Map.Entry<Long, String> e = stamps.floorEntry(ts * 1000 + 999);
      if (e != null && ts * 1000 - e.getKey() < 10_000_000L) {
        spawn = e.getKey();
        stamps.remove(e.getKey());
      }
    }
    return new Call(
        ts,
        n.path("prog").asText(),
        List.copyOf(argv),
        n.path("exit").asInt(),
        n.path("ms").asLong(),
        n.path("tmux").asInt(),
        pid,
        spawn);
  }

  /** {@code $EPOCHREALTIME} ("1716200000.123456") to microseconds. */
  public static long parseMicros(String epochRealtime) {
    String[] parts = epochRealtime.replace(',', '.').split("\\.");
    long seconds = Long.parseLong(parts[0]);
    String frac = parts.length > 1 ? (parts[1] + "000000").substring(0, 6) : "000000";
    return seconds * 1_000_000L + Long.parseLong(frac);
  }
}
