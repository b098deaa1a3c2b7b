package io.gastown.relay.mirror;

import io.gastown.relay.api.GastownNames;
import io.gastown.relay.convert.StatusHash;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kubernetes names for town objects. gt names may hold '_' and capitals, Kubernetes names may not:
 * a name that maps cleanly (lower case, '_' → '-') keeps its readable form ({@code my_rig} → {@code
 * my-rig}); any other gets a readable stem and 6 hex of the SHA-256 of the town name, so two town
 * names never meet in one Kubernetes name. Pure.
 */
public final class MirrorNames {
  /** The town object a mirrored CR shows: rig name, {@code <rig>/<polecat>}, or convoy id. */
  public static final String TOWN_NAME = GastownNames.ANNOTATION_PREFIX + "town-name";

  /** The host whose town a mirrored CR shows. */
  public static final String MIRROR_HOST = GastownNames.GROUP + "/mirror-host";

  public static final String ORIGIN_TOWN = "town";

  private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final int MAX = 63;

  private MirrorNames() {}

  /** A Rig's name for gt rig {@code gtName}. */
  public static String rig(String gtName) {
    return name(gtName, gtName);
  }

  /** A Polecat's name for polecat {@code name} of gt rig {@code rig}: {@code <rig>-<name>}. */
  public static String polecat(String rig, String name) {
    return name(rig + "-" + name, rig + "/" + name);
  }

  /** A Convoy's name for convoy {@code hq-cv-…}. */
  public static String convoy(String convoyId) {
    return name(convoyId, convoyId);
  }

  private static String name(String readable, String identity) {
    String clean = readable.replace('_', '-');
    if (clean.length() <= MAX && LABEL.matcher(clean).matches()) {
      return clean;
    }
    String stem =
        readable.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (stem.length() > MAX - 7) {
      stem = stem.substring(0, MAX - 7).replaceAll("-+$", "");
    }
    String hash =
        HexFormat.of()
            .formatHex(StatusHash.sha256(identity.getBytes(StandardCharsets.UTF_8)))
            .substring(0, 6);
    return stem.isEmpty() ? "t-" + hash : stem + "-" + hash;
  }
}
