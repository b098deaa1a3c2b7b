package io.gastown.agent.town;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConvoyOutputParserTest {

  @Test
  void aListingWithTrackedBeadsAndOneTrackingNothing() {
    String json =
        """
        [
          {
            "id": "hq-cv-sfhim",
            "title": "Login hardening",
            "status": "open",
            "created_at": "2026-11-22T05:39:00.339836Z",
            "tracked": [
              {"id": "wr-gkbke", "title": "Two", "status": "hooked", "dependency_type": "tracks",
               "issue_type": "task", "assignee": "work_rig/polecats/nux", "worker": "work_rig/nux"}
            ],
            "completed": 0,
            "total": 1
          },
          {"id": "hq-cv-empty", "title": "Nothing", "status": "closed", "created_at": "",
           "tracked": null, "completed": 0, "total": 0}
        ]
        """;
    List<ConvoyInfo> convoys = ConvoyOutputParser.convoyList(json);
    assertEquals(2, convoys.size());
    ConvoyInfo c = convoys.get(0);
    assertEquals("hq-cv-sfhim", c.id());
    assertEquals("Login hardening", c.title());
    assertEquals(List.of("wr-gkbke"), c.trackedIds());
    assertEquals("work_rig/polecats/nux", c.tracked().get(0).assignee());
    assertEquals(1, c.total());
    assertTrue(convoys.get(1).closed());
    assertTrue(convoys.get(1).tracked().isEmpty(), "tracked: null is no beads");
  }

  @Test
  void emptyListingsInEitherSpelling() {
    assertEquals(List.of(), ConvoyOutputParser.convoyList("[]\n"));
    assertEquals(List.of(), ConvoyOutputParser.convoyList("null\n"));
  }

  @Test
  void textWhereJsonWasExpectedIsUnreadableNotEmpty() {
    assertThrows(
        GtOutputException.class, () -> ConvoyOutputParser.convoyList("No convoys found.\n"));
    assertThrows(
        GtOutputException.class, () -> ConvoyOutputParser.convoyList("[{\"title\": \"x\"}]"));
  }

  @Test
  void theCreatedIdComesFromTheTextLine() {
    String out =
        "✓ Created convoy 🚚 hq-cv-r03ge\n\n  Name:     Login\n  Tracking: 2 issues\n"
            + "  Issues:   gt-abc12, gt-def34\n";
    assertEquals("hq-cv-r03ge", ConvoyOutputParser.createdId(out));
    assertThrows(GtOutputException.class, () -> ConvoyOutputParser.createdId("done\n"));
  }
}
