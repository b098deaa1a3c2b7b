package io.gastown.relay.watch;

/** Brings one key to its desired state. Throwing means "try again later" (with backoff). */
@FunctionalInterface
public interface KeyProcessor<K> {
  void process(K key) throws Exception;
}
