package gauntlet.agent.load;

import java.time.Duration;

/**
 * The interval boundaries of a run on the monotonic clock: whole intervals through the warm-up,
 * one cut exactly where measuring starts, whole intervals again, one cut at the end. No interval
 * ever holds both warm-up and measured requests.
 */
final class IntervalGrid {
  private final long[] ends;
  private final int warmupIntervals;
  private final long startNanos;
  private volatile int lastIndex;

  IntervalGrid(long startNanos, Duration warmup, Duration duration, Duration interval) {
    this.startNanos = startNanos;
    long step = interval.toNanos();
    int warm = (int) ((warmup.toNanos() + step - 1) / step);
    int measured = (int) ((duration.toNanos() + step - 1) / step);
    this.ends = new long[warm + measured];
    long measuredStart = startNanos + warmup.toNanos();
    for (int i = 0; i < warm; i++) {
      ends[i] = Math.min(startNanos + (i + 1) * step, measuredStart);
    }
    long end = measuredStart + duration.toNanos();
    for (int i = 0; i < measured; i++) {
      ends[warm + i] = Math.min(measuredStart + (i + 1) * step, end);
    }
    this.warmupIntervals = warm;
    this.lastIndex = ends.length - 1;
  }

  long startNanos() {
    return startNanos;
  }

  /** Start of interval {@code index}. */
  long start(int index) {
    return index == 0 ? startNanos : ends[index - 1];
  }

  long end(int index) {
    return ends[index];
  }

  /** Index of the last interval; lowered by {@link #truncate}. */
  int lastIndex() {
    return lastIndex;
  }

  /** End of the run (of the last interval). */
  long endNanos() {
    return ends[lastIndex];
  }

  long measuredStartNanos() {
    return warmupIntervals == 0 ? startNanos : ends[warmupIntervals - 1];
  }

  boolean isWarmup(int index) {
    return index < warmupIntervals;
  }

  /** The interval holding {@code nanos}: the first whose end lies after it (the last one at most). */
  int indexAt(long nanos, int from) {
    int i = from;
    int last = lastIndex;
    while (i < last && nanos >= ends[i]) {
      i++;
    }
    return i;
  }

  /** Ends the run at {@code nanos}: the interval holding it becomes the last, cut there. */
  synchronized void truncate(long nanos) {
    int index = indexAt(nanos, 0);
    if (nanos < ends[index]) {
      ends[index] = Math.max(nanos, start(index));
    }
    lastIndex = index;
  }
}
