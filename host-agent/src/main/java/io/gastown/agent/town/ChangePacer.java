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
 *   <li>a longer gap once changes keep coming ({@code sustainedCount} change cycles within {@code
 *       sustainedWindow}): a town that never stops writing — or a writer nobody foresaw — costs at
 *       most one cycle per {@code sustainedGap}, not one per {@code gap}, for as long as it lasts;
 *       the first change after a quiet spell of two sustained gaps ends it.
 * </ul>
 */
public final class ChangePacer {
  /** The values the agent runs with: 75 ms, 250 ms, and 1 s once 8 change cycles fell in 4 s. */
  public static final Settings DEFAULTS =
      new Settings(75_000_000L, 250_000_000L, 1_000_000_000L, 8, 4_000_000_000L);

  /**
   * @param debounceNanos from the first change to the earliest start of its cycle
   * @param gapNanos least time between the starts of two change cycles
   * @param sustainedGapNanos the gap while changes are sustained
   * @param sustainedCount change cycles within {@code sustainedWindowNanos} that make it sustained
   * @param sustainedWindowNanos the window in which they are counted
   */
  public record Settings(
      long debounceNanos,
      long gapNanos,
      long sustainedGapNanos,
      int sustainedCount,
      long sustainedWindowNanos) {}

  private final Settings settings;
  private final Deque<Long> recentStarts = new ArrayDeque<>();
  private boolean sustained;

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
    return Math.max(earliest, last + gap(changeNanos));
  }

  /** Records that a change cycle started at {@code nanos}. */
  public void started(long nanos) {
    recentStarts.addLast(nanos);
    prune(nanos);
    if (recentStarts.size() >= settings.sustainedCount()) {
      sustained = true;
    }
  }

  /** Whether changes are sustained at {@code nanos} (the longer gap applies). */
  public boolean sustained(long nanos) {
    Long last = recentStarts.peekLast();
    if (sustained && (last == null || nanos - last >= 2 * settings.sustainedGapNanos())) {
      sustained = false;
    }
    return sustained;
  }

  private long gap(long nanos) {
    return sustained(nanos) ? settings.sustainedGapNanos() : settings.gapNanos();
  }

  private void prune(long nanos) {
    while (!recentStarts.isEmpty()
        && nanos - recentStarts.peekFirst() > settings.sustainedWindowNanos()) {
      recentStarts.removeFirst();
    }
    while (recentStarts.size() > settings.sustainedCount()) {
      recentStarts.removeFirst();
    }
  }
}
