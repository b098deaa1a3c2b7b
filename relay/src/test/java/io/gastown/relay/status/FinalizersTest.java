package io.gastown.relay.status;

import static io.gastown.relay.support.Fixtures.convoy;
import static io.gastown.relay.support.Fixtures.polecat;
import static io.gastown.relay.support.Fixtures.rig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.ConvoySpec;
import io.gastown.relay.api.GastownNames;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.Rig;
import io.gastown.relay.api.RigSpec;
import io.gastown.relay.status.Finalizers.Change;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalizersTest {

  @Test
  void everyRoutedPolecatGetsTheFinalizerButNotOneThatRoutesNowhere() {
    Polecat p = polecat("p", "r");
    assertEquals(Change.ADD, Finalizers.plan(p, true));
    assertEquals(Change.NONE, Finalizers.plan(p, false));
  }

  @Test
  void rigsAndConvoysFollowTheirDeletionPolicy() {
    assertEquals(Change.ADD, Finalizers.plan(rig("r", "h", RigSpec.REMOVE), true));
    assertEquals(Change.NONE, Finalizers.plan(rig("r", "h", RigSpec.RETAIN), true));
    Rig retained = rig("r", "h", RigSpec.RETAIN);
    retained.getMetadata().setFinalizers(new ArrayList<>(List.of(GastownNames.FINALIZER)));
    assertEquals(Change.REMOVE, Finalizers.plan(retained, true));

    Convoy closing = convoy("c", null, "h");
    closing.setSpec(
        new ConvoySpec(
            "d", List.of("gt-abc12"), null, "h", null, null, null, null, ConvoySpec.CLOSE));
    assertEquals(Change.ADD, Finalizers.plan(closing, true));
    assertEquals(Change.NONE, Finalizers.plan(convoy("c", null, "h"), true));
  }

  @Test
  void nothingChangesWhileTheResourceIsBeingDeleted() {
    Rig retained = rig("r", "h", RigSpec.RETAIN);
    retained.getMetadata().setFinalizers(new ArrayList<>(List.of(GastownNames.FINALIZER)));
    retained.getMetadata().setDeletionTimestamp("2026-05-01T10:00:00Z");
    assertEquals(Change.NONE, Finalizers.plan(retained, true));
  }
}
