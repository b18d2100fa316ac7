package gauntlet.wire;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/** Interval histograms of the agreed shape across its whole range, 1 µs to 1 h, a large count now and then. */
final class RandomIntervals {
  private final SplittableRandom random;

  RandomIntervals(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The next interval, of up to {@code maxValues} recorded values. */
  Histogram next(int maxValues) {
    Histogram h = LatencyHistograms.create();
    int values = random.nextInt(1, maxValues);
    for (int i = 0; i < values; i++) {
      long value = (long) Math.exp(random.nextDouble() * Math.log(LatencyHistograms.HIGHEST_TRACKABLE_MICROS));
      h.recordValueWithCount(Math.max(1, value), random.nextInt(50) == 0 ? 1L << 40 : 1 + random.nextInt(3));
    }
    return h;
  }
}
