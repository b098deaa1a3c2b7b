package io.gastown.agent.link;

import io.gastown.proto.v1.InventoryEntry;
import io.gastown.proto.v1.Kind;
import io.gastown.proto.v1.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What one cluster wants of this host. During a resync, upserts and deletes are buffered and
 * applied together at ResyncEnd — never a delete before it, so an interrupted resync removes
 * nothing. Entries the relay does not mention stay: it sends explicit deletes.
 */
public final class DesiredStore {
  private final Map<String, Resource> byUid = new ConcurrentHashMap<>();
  private final Map<String, Resource> rigsByName = new ConcurrentHashMap<>();
  private final Map<String, Optional<Resource>> buffered = new LinkedHashMap<>();
  private boolean resyncing;

  /** Uids whose desired state changed, and uids that left. */
  public record Changes(Set<String> changed, Set<String> removed) {
    public boolean isEmpty() {
      return changed.isEmpty() && removed.isEmpty();
    }
  }

  public Optional<Resource> get(String uid) {
    return Optional.ofNullable(byUid.get(uid));
  }

  public Collection<Resource> all() {
    return List.copyOf(byUid.values());
  }

  public int size() {
    return byUid.size();
  }

  /** The desired Rig with this CR name (Polecat.spec.rig refers to it). */
  public Optional<Resource> rigByName(String crName) {
    return Optional.ofNullable(rigsByName.get(crName));
  }

  public synchronized void beginResync() {
    resyncing = true;
    buffered.clear();
  }

  /** A stream ended mid-resync: what it sent is dropped, nothing was applied. */
  public synchronized void abortResync() {
    resyncing = false;
    buffered.clear();
  }

  public synchronized boolean resyncing() {
    return resyncing;
  }

  /** Applies (or, during a resync, buffers) an upsert; returns what changed now. */
  public synchronized Changes upsert(Resource r) {
    if (resyncing) {
      buffered.put(r.getRef().getUid(), Optional.of(r));
      return new Changes(Set.of(), Set.of());
    }
    return apply(Map.of(r.getRef().getUid(), Optional.of(r)));
  }

  /** Applies (or, during a resync, buffers) a delete; returns what changed now. */
  public synchronized Changes delete(String uid) {
    if (resyncing) {
      buffered.put(uid, Optional.empty());
      return new Changes(Set.of(), Set.of());
    }
    return apply(Map.of(uid, Optional.empty()));
  }

  /** Ends the resync, applying everything it brought. */
  public synchronized Changes endResync() {
    Map<String, Optional<Resource>> ops = new LinkedHashMap<>(buffered);
    buffered.clear();
    resyncing = false;
    return apply(ops);
  }

  /** Hello's inventory: each held resource's generation and acknowledged status hash. */
  public List<InventoryEntry> inventory(Function<String, String> statusHash) {
    List<InventoryEntry> out = new ArrayList<>(byUid.size());
    for (Resource r : byUid.values()) {
      out.add(
          InventoryEntry.newBuilder()
              .setUid(r.getRef().getUid())
              .setGeneration(r.getGeneration())
              .setStatusHash(statusHash.apply(r.getRef().getUid()))
              .setDeletionRequested(r.getDeletionRequested())
              .build());
    }
    return out;
  }

  private Changes apply(Map<String, Optional<Resource>> ops) {
    Set<String> changed = new HashSet<>();
    Set<String> removed = new HashSet<>();
    for (Map.Entry<String, Optional<Resource>> op : ops.entrySet()) {
      String uid = op.getKey();
      Resource old =
          op.getValue().isPresent() ? byUid.put(uid, op.getValue().get()) : byUid.remove(uid);
      if (old != null && old.getRef().getKind() == Kind.KIND_RIG) {
        rigsByName.remove(old.getRef().getName(), old);
      }
      if (op.getValue().isPresent()) {
        Resource r = op.getValue().get();
        if (r.getRef().getKind() == Kind.KIND_RIG) {
          rigsByName.put(r.getRef().getName(), r);
        }
        if (!r.equals(old)) {
          changed.add(uid);
        }
      } else if (old != null) {
        removed.add(uid);
      }
    }
    return new Changes(changed, removed);
  }
}
