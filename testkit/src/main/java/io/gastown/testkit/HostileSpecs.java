package io.gastown.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared corpus of hostile CR field values ({@code hostile-specs.json} beside this class): the
 * host agent's validator unit tests and the end-to-end adversarial suite read the same entries, so
 * every value proven refused in isolation is also proven never to reach gt.
 */
public final class HostileSpecs {
  private static final String RESOURCE = "hostile-specs.json";

  /**
   * One hostile value for one field.
   *
   * @param kind Rig, Polecat or Convoy
   * @param field the CR field, e.g. {@code spec.gitURL}; the refusal must name it
   * @param value the value to put there (for {@code spec.trackedBeads}: the only tracked bead)
   * @param threat what the value tries, for test names
   */
  public record Entry(String kind, String field, String value, String threat) {
    /** The JSON property name of the field inside {@code spec}. */
    public String specProperty() {
      return field.substring("spec.".length());
    }

    @Override
    public String toString() {
      return kind + " " + field + " (" + threat + "): " + printable(value);
    }
  }

  private HostileSpecs() {}

  /** Every entry, in file order. */
  public static List<Entry> all() {
    try (InputStream in = HostileSpecs.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the testkit jar");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<Entry> entries = new ArrayList<>();
      for (JsonNode e : root.get("entries")) {
        entries.add(
            new Entry(
                e.get("kind").asText(),
                e.get("field").asText(),
                value(e),
                e.get("threat").asText()));
      }
      return List.copyOf(entries);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The entries of one kind. */
  public static List<Entry> ofKind(String kind) {
    return all().stream().filter(e -> e.kind().equals(kind)).toList();
  }

  private static String value(JsonNode e) {
    StringBuilder v = new StringBuilder(e.get("value").asText());
    JsonNode repeat = e.get("repeat");
    if (repeat != null) {
      v.append(repeat.get("text").asText().repeat(repeat.get("times").asInt()));
    }
    JsonNode suffix = e.get("suffix");
    if (suffix != null) {
      v.append(suffix.asText());
    }
    return v.toString();
  }

  /** The value with every non-printable-ASCII character as a backslash-u escape, clipped. */
  public static String printable(String value) {
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .limit(60)
        .forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : escape(c)));
    return value.length() > 60 ? out + "...(" + value.length() + " chars)" : out.toString();
  }

  private static String escape(int c) {
    return String.format("\\u%04X", c);
  }
}
