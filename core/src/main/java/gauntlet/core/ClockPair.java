package gauntlet.core;

import java.util.function.LongSupplier;

/**
 * The wall clock and {@link System#nanoTime()} read at one instant, so that a round trip timed
 * with the second can be placed on the first. Read one after the other, a pause between the two
 * readings (a collection, the thread descheduled) shifts the wall time by as long, and a clock
 * probe's offset by as much: a controller's estimate was 6.7 ms off with a round trip of 4.9 ms
 * (ControllerScaleIT, C1's code allocating the Instant the wall clock is read into). So the wall
 * clock is read between two monotonic readings, again while those are far apart.
 *
 * @param unixNanos wall clock, nanoseconds since the Unix epoch
 * @param monotonicNanos {@code System.nanoTime()} at the same instant
 */
public record ClockPair(long unixNanos, long monotonicNanos) {
  /** Readings further apart than this are read again: a pause fell between them. */
  static final long TIGHT_NANOS = 20_000;
  static final int ATTEMPTS = 5;

  /** Both clocks now. */
  public static ClockPair now() {
    return read(System::nanoTime, WallClock::nowUnixNanos);
  }

  /** The tightest of up to {@link #ATTEMPTS} readings; the first within {@link #TIGHT_NANOS}. */
  static ClockPair read(LongSupplier monotonic, LongSupplier wall) {
    ClockPair best = null;
    long bestSpread = Long.MAX_VALUE;
    for (int i = 0; i < ATTEMPTS && bestSpread > TIGHT_NANOS; i++) {
      long before = monotonic.getAsLong();
      long unix = wall.getAsLong();
      long after = monotonic.getAsLong();
      if (after - before < bestSpread) {
        bestSpread = after - before;
        best = new ClockPair(unix, before + (after - before) / 2);
      }
    }
    return best;
  }
}
