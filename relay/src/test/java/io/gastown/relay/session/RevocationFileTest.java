package io.gastown.relay.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevocationFileTest {
  private static final String FP =
      "f483d4b056c7328e42a167d945a1c5b8593af487aec2b286afe9128b1a3e3d43";

  @Test
  void readsSerialsAndFingerprintsInTheFormsOpensslPrints() {
    RevocationFile.Parsed p =
        RevocationFile.parse(
            List.of(
                "# revoked laptops",
                "serial=45CDE329D20CC8A7FB30614195AA013E93E5B507",
                "serial:0a  # leading zero and a comment",
                "1f",
                "",
                "sha256 Fingerprint=" + colons(FP.toUpperCase()),
                "sha256:" + FP.replace("f4", "00")));
    assertEquals(
        Set.of(
            new BigInteger("45CDE329D20CC8A7FB30614195AA013E93E5B507", 16),
            BigInteger.TEN,
            BigInteger.valueOf(31)),
        p.serials());
    assertEquals(Set.of(FP, FP.replace("f4", "00")), p.fingerprints());
    assertEquals(List.of(), p.problems());
    assertEquals(5, p.size());
  }

  @Test
  void bareSixtyFourHexDigitsAreAFingerprint() {
    RevocationFile.Parsed p = RevocationFile.parse(List.of(FP));
    assertEquals(Set.of(FP), p.fingerprints());
    assertTrue(p.serials().isEmpty());
  }

  @Test
  void problemsNameTheLineNotItsContent() {
    RevocationFile.Parsed p =
        RevocationFile.parse(
            List.of("serial=xyz-secret", "sha256:abcd", "a".repeat(50), "serial=12"));
    assertEquals(3, p.problems().size(), p.problems().toString());
    assertTrue(p.problems().get(0).startsWith("line 1:"));
    assertFalse(String.join(" ", p.problems()).contains("secret"));
    assertEquals(Set.of(BigInteger.valueOf(0x12)), p.serials());
  }

  private static String colons(String hex) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      b.append(i == 0 ? "" : ":").append(hex, i, i + 2);
    }
    return b.toString();
  }
}
