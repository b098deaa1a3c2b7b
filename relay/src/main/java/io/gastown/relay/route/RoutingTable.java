package io.gastown.relay.route;

import io.gastown.proto.v1.Resource;
import io.gastown.relay.api.ResourceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the relay last decided for each resource: its host and the desired state sent there. The
 * resync of a host session is read from here; a worker updates it before it tells the session.
 */
public final class RoutingTable {

  /** One routed resource. {@code desired} is the last message built for the host. */
  public record Entry(ResourceKey key, String uid, String host, Resource desired) {}

  private final Map<String, Entry> byUid = new HashMap<>();
  private final Map<ResourceKey, String> uidByKey = new HashMap<>();
  private final Map<String, Set<String>> uidsByHost = new HashMap<>();

  /** Records an entry; returns the one it replaces for the same uid. */
  public synchronized Optional<Entry> put(Entry entry) {
    Optional<Entry> previous = remove(entry.uid());
    byUid.put(entry.uid(), entry);
    uidByKey.put(entry.key(), entry.uid());
    uidsByHost.computeIfAbsent(entry.host(), h -> new HashSet<>()).add(entry.uid());
    return previous;
  }

  public synchronized Optional<Entry> remove(String uid) {
    Entry old = byUid.remove(uid);
    if (old == null) {
      return Optional.empty();
    }
    uidByKey.remove(old.key(), uid);
    Set<String> uids = uidsByHost.get(old.host());
    if (uids != null) {
      uids.remove(uid);
      if (uids.isEmpty()) {
        uidsByHost.remove(old.host());
      }
    }
    return Optional.of(old);
  }

  public synchronized Optional<Entry> byUid(String uid) {
    return Optional.ofNullable(byUid.get(uid));
  }

  public synchronized Optional<Entry> byKey(ResourceKey key) {
    String uid = uidByKey.get(key);
    return uid == null ? Optional.empty() : Optional.ofNullable(byUid.get(uid));
  }

  public synchronized List<Entry> forHost(String host) {
    List<Entry> entries = new ArrayList<>();
    for (String uid : uidsByHost.getOrDefault(host, Set.of())) {
      entries.add(byUid.get(uid));
    }
    return entries;
  }

  public synchronized List<ResourceKey> keysForHost(String host) {
    return forHost(host).stream().map(Entry::key).toList();
  }

  public synchronized Set<String> hosts() {
    return Set.copyOf(uidsByHost.keySet());
  }
}
