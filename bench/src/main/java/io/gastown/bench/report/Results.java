package io.gastown.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gastown.bench.stats.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one run: a table for people (Markdown) and the detail for tools (JSON). */
public final class Results {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root = JSON.createObjectNode();
  private final ObjectNode figures = root.putObject("figures");
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Machine machine;

  public Results(Machine machine, Object options) {
    this.machine = machine;
    root.set("machine", JSON.valueToTree(machine));
    root.set("options", JSON.valueToTree(options));
  }

  /** A section of the JSON detail for one scenario. */
  public synchronized ObjectNode section(String name) {
    return figures.has(name) ? (ObjectNode) figures.get(name) : figures.putObject(name);
  }

  public synchronized void row(Row row) {
    rows.add(row);
  }

  /** A line printed under the table (a missing figure, a caveat). */
  public synchronized void note(String text) {
    notes.add(text);
  }

  public static ObjectNode json(Summary s) {
    return JSON.valueToTree(s);
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  public static String ms(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%.0f ms", v)
        : String.format(Locale.ROOT, "%.1f ms", v);
  }

  public static String num(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  public synchronized String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("Machine: ").append(machine.describe()).append("\n\n");
    md.append("| Figure | Scope | Measured | Target | Meets | Per-resource polling | Ratio |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append(
          String.join(
              " | ",
              "| " + r.figure(),
              r.scope(),
              r.measured(),
              r.target(),
              r.verdict(),
              r.comparator(),
              r.ratio() + " |\n"));
    }
    if (!notes.isEmpty()) {
      md.append('\n');
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }

  public synchronized void write(Path jsonFile) {
    ArrayNode table = root.putArray("table");
    rows.forEach(r -> table.add(JSON.valueToTree(r)));
    ArrayNode noteArray = root.putArray("notes");
    notes.forEach(noteArray::add);
    try {
      Files.createDirectories(jsonFile.toAbsolutePath().getParent());
      Files.writeString(jsonFile, JSON.writeValueAsString(root) + "\n");
      Files.writeString(
          jsonFile.resolveSibling(
              jsonFile.getFileName().toString().replaceAll("\\.json$", "") + ".md"),
          markdown());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + jsonFile, e);
    }
  }
}
