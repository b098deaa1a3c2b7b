package io.gastown.agent.link;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * Adds {@code authorization: Bearer <token>} to each call, reading the token file at every call —
 * that is, at every (re)connect — so a rotated token is used without a restart. The token never
 * appears in logs or errors; only the file's path does.
 */
public final class BearerTokenCredentials extends CallCredentials {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Path tokenFile;

  public BearerTokenCredentials(Path tokenFile) {
    this.tokenFile = tokenFile;
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    String token;
    try {
      token = new String(Files.readAllBytes(tokenFile), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      applier.fail(Status.UNAUTHENTICATED.withDescription("cannot read token file " + tokenFile));
      return;
    }
    if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      applier.fail(
          Status.UNAUTHENTICATED.withDescription(
              "token file " + tokenFile + " is empty or holds characters a token cannot have"));
      return;
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    applier.apply(headers);
  }
}
