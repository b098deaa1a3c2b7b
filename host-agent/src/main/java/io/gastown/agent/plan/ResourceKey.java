package io.gastown.agent.plan;

/**
 * Identifies one desired resource on this host: a CR uid is unique within its cluster, so the key
 * includes the relay (cluster) it came from.
 *
 * @param relay the relay's configured name
 * @param uid the CR's metadata.uid
 */
public record ResourceKey(String relay, String uid) {

  @Override
  public String toString() {
    return relay + "/" + uid;
  }
}
