package io.gastown.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostileSpecsTest {

  @Test
  void theCorpusHoldsOverAHundredRigAndPolecatSpecsAndConvoysBeside() {
    List<HostileSpecs.Entry> all = HostileSpecs.all();
    long rigsAndPolecats = all.stream().filter(e -> !e.kind().equals("Convoy")).count();
    assertTrue(rigsAndPolecats >= 100, "only " + rigsAndPolecats);
    assertTrue(HostileSpecs.ofKind("Convoy").size() >= 20);
    assertTrue(all.stream().allMatch(e -> e.field().startsWith("spec.")));
    assertTrue(
        Set.of("Rig", "Polecat", "Convoy")
            .containsAll(all.stream().map(HostileSpecs.Entry::kind).toList()));
  }

  @Test
  void valuesAreDistinctPerFieldAndRepeatsAreExpanded() {
    Set<String> seen = new HashSet<>();
    for (HostileSpecs.Entry e : HostileSpecs.all()) {
      assertTrue(seen.add(e.kind() + "/" + e.field() + "/" + e.value()), e.toString());
    }
    assertTrue(
        HostileSpecs.all().stream()
            .anyMatch(e -> e.field().equals("spec.message") && e.value().length() == 5000));
  }

  @Test
  void theFileItselfIsPlainAsciiSoItHidesNoInvisibleCharacters() throws IOException {
    try (InputStream in = HostileSpecs.class.getResourceAsStream("hostile-specs.json")) {
      byte[] bytes = in.readAllBytes();
      for (byte b : bytes) {
        assertTrue(b == '\n' || (b >= 0x20 && b < 0x7f), "byte " + b);
      }
    }
    assertEquals("a\\u202Eb", HostileSpecs.printable("a\u202eb"));
  }
}
