package io.gastown.relay.route;

import static io.gastown.relay.api.Resources.blank;

import io.gastown.relay.api.Convoy;
import io.gastown.relay.api.ConvoySpec;
import io.gastown.relay.api.GastownResource;
import io.gastown.relay.api.Polecat;
import io.gastown.relay.api.Rig;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which host receives which resource. Pure: the Rigs it needs come from a lookup function.
 *
 * <ul>
 *   <li>Rig: spec.host, else the relay's default host.
 *   <li>Polecat: the host of the Rig named by spec.rig.
 *   <li>Convoy: the host of its Rig, else spec.host, else the default host.
 * </ul>
 */
public final class Router {
  private final Optional<String> defaultHost;

  public Router(Optional<String> defaultHost) {
    this.defaultHost = defaultHost;
  }

  public Route route(GastownResource<?> resource, Function<String, Optional<Rig>> rigs) {
    if (resource instanceof Rig rig) {
      return routeRig(rig);
    }
    if (resource instanceof Polecat polecat) {
      return routePolecat(polecat, rigs);
    }
    if (resource instanceof Convoy convoy) {
      return routeConvoy(convoy, rigs);
    }
    return new Route.Nowhere("unsupported kind " + resource.getKind());
  }

  public Route routeRig(Rig rig) {
    String host = rig.getSpec() == null ? null : rig.getSpec().host();
    if (!blank(host)) {
      return new Route.To(host);
    }
    return defaultHost
        .<Route>map(Route.To::new)
        .orElse(
            new Route.Nowhere(
                "Rig "
                    + rig.getMetadata().getName()
                    + " has no spec.host and the relay has no default host (RELAY_DEFAULT_HOST)"));
  }

  Route routePolecat(Polecat polecat, Function<String, Optional<Rig>> rigs) {
    String rigName = polecat.getSpec() == null ? null : polecat.getSpec().rig();
    if (blank(rigName)) {
      return new Route.Nowhere("spec.rig is empty");
    }
    return rigs.apply(rigName)
        .map(this::routeRig)
        .orElse(new Route.Nowhere("Rig " + rigName + " does not exist"));
  }

  Route routeConvoy(Convoy convoy, Function<String, Optional<Rig>> rigs) {
    ConvoySpec spec = convoy.getSpec();
    String rigName = spec == null ? null : spec.rig();
    if (!blank(rigName)) {
      Optional<Route> viaRig = rigs.apply(rigName).map(this::routeRig);
      if (viaRig.isPresent() && viaRig.get() instanceof Route.To) {
        return viaRig.get();
      }
    }
    if (spec != null && !blank(spec.host())) {
      return new Route.To(spec.host());
    }
    if (defaultHost.isPresent()) {
      return new Route.To(defaultHost.get());
    }
    return new Route.Nowhere(
        blank(rigName)
            ? "Convoy has neither spec.rig nor spec.host and the relay has no default host"
            : "Rig "
                + rigName
                + " does not route to a host, the Convoy has no spec.host and the relay has no"
                + " default host");
  }
}
