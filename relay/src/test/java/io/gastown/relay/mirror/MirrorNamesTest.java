package io.gastown.relay.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorNamesTest {
  static final java.util.regex.Pattern LABEL =
      java.util.regex.Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  @Test
  void cleanNamesKeepTheirReadableForm() {
    assertEquals("my-rig", MirrorNames.rig("my_rig"));
    assertEquals("gastown", MirrorNames.rig("gastown"));
    assertEquals("my-rig-nux", MirrorNames.polecat("my_rig", "nux"));
    assertEquals("hq-cv-abc12", MirrorNames.convoy("hq-cv-abc12"));
  }

  @Test
  void otherNamesGetAStemAndAHashAndNeverMeet() {
    String upper = MirrorNames.rig("My_Rig");
    assertTrue(upper.startsWith("my-rig-"), upper);
    assertNotEquals(MirrorNames.rig("my_rig"), upper);
    assertNotEquals(MirrorNames.rig("MY_RIG"), upper);
    for (String n :
        List.of(
            "My_Rig", "_x_", "a".repeat(64), "Ünïcode", "___", "9lives", "r" + "_".repeat(70))) {
      String k = MirrorNames.rig(n);
      assertTrue(k.length() <= 63 && LABEL.matcher(k).matches(), n + " -> " + k);
    }
  }
}
