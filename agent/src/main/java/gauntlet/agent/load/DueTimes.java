package gauntlet.agent.load;

/**
 * Open model: when a loop's requests fall due. Request {@code n} is due at {@code start + n * gap};
 * every result saturates instead of overflowing, so no gap (however small or large, even one
 * computed from a rate of Infinity or 4.9e-324) yields an instant that wraps around into the past
 * and makes a loop send forever.
 */
final class DueTimes {
  /** One nanosecond: the clock's resolution, and what a rate of Infinity is treated as. */
  static final double MIN_GAP_NANOS = 1;
  /** Beyond this the next request never falls due within a run (about 292 years). */
  static final double MAX_GAP_NANOS = Long.MAX_VALUE;

  private final long startNanos;
  private final double gapNanos;

  /** @param gapNanos time between two requests; clamped to [1 ns, Long.MAX_VALUE ns], NaN to the maximum */
  DueTimes(long startNanos, double gapNanos) {
    this.startNanos = startNanos;
    this.gapNanos = Double.isNaN(gapNanos) ? MAX_GAP_NANOS : Math.min(MAX_GAP_NANOS, Math.max(MIN_GAP_NANOS, gapNanos));
  }

  /** For a loop sending {@code requestsPerSecond}: the gap is 1e9 / rate, clamped as above. */
  static DueTimes forRate(long startNanos, double requestsPerSecond) {
    return new DueTimes(startNanos, 1e9 / requestsPerSecond);
  }

  double gapNanos() {
    return gapNanos;
  }

  /** The instant request {@code n} (from 0) falls due; Long.MAX_VALUE when beyond the clock's range. */
  long due(long n) {
    double offset = n * gapNanos;
    if (!(offset < MAX_GAP_NANOS)) {
      return Long.MAX_VALUE;
    }
    long due = startNanos + (long) offset;
    // The offset is not negative, so the sum can only overflow upwards.
    return due < startNanos ? Long.MAX_VALUE : due;
  }

  /** The last request due at or before {@code now}; -1 before the first one. */
  long lastDueAt(long now) {
    if (now < startNanos) {
      return -1;
    }
    double index = Math.floor((now - startNanos) / gapNanos);
    // Saturates one below the maximum, so that the index after it still exists.
    return index >= Long.MAX_VALUE - 1 ? Long.MAX_VALUE - 1 : (long) index;
  }

  /** Time between two requests of one connection, when a loop deals its requests over {@code connections}. */
  long periodNanos(int connections) {
    double period = gapNanos * connections;
    return period >= MAX_GAP_NANOS ? Long.MAX_VALUE : (long) period;
  }
}
