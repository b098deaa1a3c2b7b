package io.gastown.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  private static final String SECRET_HASH =
      "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b"; // sha256("secret")

  @Test
  void aTokenIsStoredAsTheHexSha256OfItsUtf8Bytes() {
    assertEquals(SECRET_HASH, HexFormat.of().formatHex(TokenFile.hash("secret")));
    assertEquals("laptop sha256:" + SECRET_HASH, TokenFile.line("laptop", "secret"));
  }

  @Test
  void commentsAndBlankLinesAreSkippedAndBadLinesReportedByNumberOnly() {
    TokenFile.Parsed parsed =
        TokenFile.parse(
            List.of(
                "# hosts",
                "",
                "laptop sha256:" + SECRET_HASH,
                "  desk   SHA256:" + SECRET_HASH.toUpperCase() + "  ",
                "Bad_Host sha256:" + SECRET_HASH,
                "laptop plaintext-token",
                "laptop"));

    assertEquals(
        List.of("laptop", "desk"), parsed.entries().stream().map(TokenFile.Entry::host).toList());
    assertEquals(3, parsed.problems().size());
    assertTrue(parsed.problems().get(0).startsWith("line 5:"));
    assertFalse(
        String.join("\n", parsed.problems()).contains("plaintext-token"), "never echo a line");
  }

  @Test
  void theStoreAuthenticatesAndSeesTheFileChangeWithoutRestart(@TempDir Path dir)
      throws IOException {
    Path file =
        Files.write(
            dir.resolve("tokens"),
            List.of(TokenFile.line("laptop", "one"), TokenFile.line("desk", "two")));
    TokenStore store = new TokenStore(file);
    assertEquals(Optional.of("laptop"), store.authenticate("one"));
    assertEquals(Optional.of("desk"), store.authenticate("two"));
    assertEquals(Optional.empty(), store.authenticate("three"));

    Files.write(file, List.of(TokenFile.line("laptop", "rotated")));
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertEquals(Set.of("desk"), store.refresh(), "desk lost its last token");
    assertEquals(Optional.empty(), store.authenticate("one"));
    assertEquals(Optional.of("laptop"), store.authenticate("rotated"));
  }

  @Test
  void anUnreadableFileAdmitsNobody(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("tokens"), List.of(TokenFile.line("laptop", "one")));
    TokenStore store = new TokenStore(file);
    Files.delete(file);
    assertEquals(Optional.empty(), store.authenticate("one"));
  }
}
