package io.gastown.bench.report;

/**
 * One line of the results table.
 *
 * @param figure what is measured
 * @param scope the conditions (scale, sample size)
 * @param measured our figure
 * @param target the design's target, or "—"
 * @param verdict "yes", "NO" or "—" (no target)
 * @param comparator the per-resource polling comparator's figure, or "—"
 * @param ratio comparator ÷ ours (how many times better we are), or "—"
 */
public record Row(
    String figure,
    String scope,
    String measured,
    String target,
    String verdict,
    String comparator,
    String ratio) {

  public static String verdict(boolean meets) {
    return meets ? "yes" : "NO";
  }
}
