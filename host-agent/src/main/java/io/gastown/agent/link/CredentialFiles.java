package io.gastown.agent.link;

import io.gastown.agent.config.RelayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files a dial authenticates with (token, client certificate and key, CA bundle), stamped by
 * modification time and size. A link compares the stamp of a refused dial with the files now: a
 * refusal with credentials that have since changed is retried at once instead of after the long
 * backoff a bad credential earns — so "write the new certificate, then revoke the old" costs a
 * reconnect, not minutes. Contents are never read here.
 */
final class CredentialFiles {
  /** The state of every credential file at one moment; equal stamps mean nothing changed. */
  record Stamp(List<String> parts) {}

  private final List<Path> files = new ArrayList<>();

  CredentialFiles(RelayConfig relay) {
    for (Optional<Path> f :
        List.of(relay.tokenFile(), relay.clientCertFile(), relay.clientKeyFile(), relay.caFile())) {
      f.ifPresent(files::add);
    }
  }

  Stamp stamp() {
    List<String> parts = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        parts.add(Files.getLastModifiedTime(f).toMillis() + "/" + Files.size(f));
      } catch (IOException e) {
        parts.add("unreadable");
      }
    }
    return new Stamp(List.copyOf(parts));
  }
}
