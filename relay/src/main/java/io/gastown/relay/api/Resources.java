package io.gastown.relay.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** Small null-safe readers of CR metadata, so callers never meet a null. */
public final class Resources {
  private Resources() {}

  public static String uid(HasMetadata r) {
    return nz(r.getMetadata().getUid());
  }

  public static long generation(HasMetadata r) {
    Long g = r.getMetadata().getGeneration();
    return g == null ? 0L : g;
  }

  public static String resourceVersion(HasMetadata r) {
    return nz(r.getMetadata().getResourceVersion());
  }

  public static boolean deleting(HasMetadata r) {
    String ts = r.getMetadata().getDeletionTimestamp();
    return ts != null && !ts.isEmpty();
  }

  public static boolean hasFinalizer(HasMetadata r) {
    List<String> finalizers = r.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(GastownNames.FINALIZER);
  }

  /** "" for null, so string fields of a CR can go straight into proto builders. */
  public static String nz(String s) {
    return s == null ? "" : s;
  }

  public static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
