package io.gastown.bench.town;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the complete lines appended to a file since the last call (a partial last line waits). */
public final class TailReader {
  private final Path file;
  private long offset;
  private byte[] partial = new byte[0];

  public TailReader(Path file) {
    this.file = file;
  }

  public synchronized List<String> newLines() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      if (length <= offset) {
        return List.of();
      }
      byte[] chunk = new byte[(int) (length - offset)];
      f.seek(offset);
      f.readFully(chunk);
      offset = length;
      byte[] all = new byte[partial.length + chunk.length];
      System.arraycopy(partial, 0, all, 0, partial.length);
      System.arraycopy(chunk, 0, all, partial.length, chunk.length);
      int lastNewline = -1;
      for (int i = all.length - 1; i >= 0; i--) {
        if (all[i] == '\n') {
          lastNewline = i;
          break;
        }
      }
      if (lastNewline < 0) {
        partial = all;
        return List.of();
      }
      String complete = new String(all, 0, lastNewline, StandardCharsets.UTF_8);
      partial = java.util.Arrays.copyOfRange(all, lastNewline + 1, all.length);
      List<String> lines = new ArrayList<>();
      complete.lines().filter(l -> !l.isBlank()).forEach(lines::add);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
