package io.gastown.relay.route;

import static io.gastown.relay.support.Fixtures.convoy;
import static io.gastown.relay.support.Fixtures.polecat;
import static io.gastown.relay.support.Fixtures.rig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gastown.relay.api.Rig;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router withDefault = new Router(Optional.of("default-host"));
  private final Router withoutDefault = new Router(Optional.empty());
  private final Map<String, Rig> rigs =
      Map.of("hosted", rig("hosted", "laptop"), "hostless", rig("hostless", null));
  private final Function<String, Optional<Rig>> lookup =
      name -> Optional.ofNullable(rigs.get(name));

  @Test
  void aRigGoesToItsSpecHostElseTheDefaultElseNowhere() {
    assertEquals(new Route.To("laptop"), withDefault.route(rig("a", "laptop"), lookup));
    assertEquals(new Route.To("default-host"), withDefault.route(rig("a", " "), lookup));
    Route nowhere = withoutDefault.route(rig("a", null), lookup);
    assertTrue(((Route.Nowhere) nowhere).why().contains("RELAY_DEFAULT_HOST"));
  }

  @Test
  void aPolecatGoesWhereItsRigGoes() {
    assertEquals(new Route.To("laptop"), withoutDefault.route(polecat("p", "hosted"), lookup));
    assertEquals(new Route.To("default-host"), withDefault.route(polecat("p", "hostless"), lookup));
  }

  @Test
  void aPolecatWithoutAnExistingRigGoesNowhereWhateverTheDefault() {
    Route r = withDefault.route(polecat("p", "missing"), lookup);
    assertTrue(((Route.Nowhere) r).why().contains("missing"));
    assertInstanceOf(Route.Nowhere.class, withDefault.route(polecat("p", null), lookup));
  }

  @Test
  void aConvoyPrefersItsRigThenItsHostThenTheDefault() {
    assertEquals(new Route.To("laptop"), withDefault.route(convoy("c", "hosted", "other"), lookup));
    assertEquals(new Route.To("other"), withDefault.route(convoy("c", "missing", "other"), lookup));
    assertEquals(new Route.To("other"), withoutDefault.route(convoy("c", null, "other"), lookup));
    assertEquals(new Route.To("default-host"), withDefault.route(convoy("c", null, null), lookup));
    assertInstanceOf(
        Route.Nowhere.class, withoutDefault.route(convoy("c", "hostless", null), lookup));
  }
}
