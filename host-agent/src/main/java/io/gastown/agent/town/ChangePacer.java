package io.gastown.agent.town;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When an observation asked for by a town change may start. Pure: every time is passed in (nanos of
 * one monotonic clock).
 *
 * <ul>
 *   <li>a short <em>debounce</em> after the first change, so the several files one gt command
 *       writes cost one cycle, not one each;
 *   <li>a minimum <em>gap</em> between the starts of such cycles, so a storm of writes costs a
 *       bounded number of gt calls (four per cycle) however many files it touches;
 *   <li>a <em>runaway</em> gap once changes have kept the cycles at that pace for a long time
 *       ({@code sustainedCount} change cycles within {@code sustainedWindow}, continuously for
 *       {@code runawayAfter}): a town that never stops writing — or a writer nobody foresaw, such
 *       as a file touched by the observation itself — then costs at most one cycle per {@code
 *       runawayGap}, what the old periodic observation cost, not one per {@code gap}. A quiet spell
 *       of two runaway gaps without a change cycle ends it.
 * </ul>
 */
public final class ChangePacer {
  /**
   * The values the agent runs with: 50 ms, 250 ms; 2 s after a minute of at least 8 change cycles
   * in every 4 s.
   */
  public static final Settings DEFAULTS =
      new Settings(50_000_000L, 250_000_000L, 8, 4_000_000_000L, 60_000_000_000L, 2_000_000_000L);

  /**
   * @param debounceNanos from the first change to the earliest start of its cycle
   * @param gapNanos least time between the starts of two change cycles
   * @param sustainedCount change cycles within {@code sustainedWindowNanos} that make changes
   *     sustained
   * @param sustainedWindowNanos the window in which they are counted
   * @param runawayAfterNanos how long changes must stay sustained before the runaway gap applies
   * @param runawayGapNanos the gap from then on
   */
  public record Settings(
      long debounceNanos,
      long gapNanos,
      int sustainedCount,
      long sustainedWindowNanos,
      long runawayAfterNanos,
      long runawayGapNanos) {}

  private final Settings settings;
  private final Deque<Long> recentStarts = new ArrayDeque<>();
  private boolean sustained;
  private long sustainedSince;

  public ChangePacer(Settings settings) {
    this.settings = settings;
  }

  /** The earliest start (nanos) of a cycle for a change first seen at {@code changeNanos}. */
  public long startAt(long changeNanos) {
    long earliest = changeNanos + settings.debounceNanos();
    Long last = recentStarts.peekLast();
    if (last == null) {
      return earliest;
    }
    long gap = runaway(changeNanos) ? settings.runawayGapNanos() : settings.gapNanos();
    return Math.max(earliest, last + gap);
  }

  /** Records that a change cycle started at {@code nanos}. */
  public void started(long nanos) {
    endIfQuiet(nanos);
    recentStarts.addLast(nanos);
    while (nanos - recentStarts.peekFirst() > settings.sustainedWindowNanos()
        || recentStarts.size() > settings.sustainedCount()) {
      recentStarts.removeFirst();
    }
    if (!sustained && recentStarts.size() >= settings.sustainedCount()) {
      sustained = true;
      sustainedSince = nanos;
    }
  }

  /**
   * Whether changes have been sustained for so long that the runaway gap applies at {@code nanos}.
   */
  public boolean runaway(long nanos) {
    endIfQuiet(nanos);
    return sustained && nanos - sustainedSince >= settings.runawayAfterNanos();
  }

  private void endIfQuiet(long nanos) {
    Long last = recentStarts.peekLast();
    if (sustained && last != null && nanos - last >= 2 * settings.runawayGapNanos()) {
      sustained = false;
    }
  }
}
