package gauntlet.wire;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A sum of latency histograms of the agreed shape ({@link LatencyHistograms#create()}) kept as
 * its counts by slot, for summing many encoded intervals: {@link HistogramAdder} adds each decoded
 * slot with one array add, where {@link Histogram#recordValueWithCount} maps the value back to its
 * slot and checks the volatile max and min for every one (bench/controller-scale.sh, 1,000 agents:
 * 17 ns a slot, ~2,000 slots an interval). {@link #toHistogram()} gives the exact same histogram the
 * intervals would have summed to. Not thread-safe.
 */
public final class SlotCounts {
  /** How many slots the agreed shape has. */
  public static final int SLOTS = slotsOfTheAgreedShape();

  private final long[] counts = new long[SLOTS];
  private int lowest = SLOTS;
  private int highest = -1;
  /** Intervals of another shape, summed the long way; null until one comes. */
  private Histogram otherShape;

  /** Adds {@code count} values at the agreed shape's slot {@code index}. */
  void add(int index, long count) {
    counts[index] += count;
    if (index < lowest) {
      lowest = index;
    }
    if (index > highest) {
      highest = index;
    }
  }

  void addOtherShape(Histogram histogram) {
    if (otherShape == null) {
      otherShape = LatencyHistograms.create();
    }
    otherShape.add(histogram);
  }

  /** The sum as a new histogram of the agreed shape. */
  public Histogram toHistogram() {
    Histogram histogram = LatencyHistograms.create();
    if (highest >= 0) {
      // The extremes first, so the slots between pass neither the histogram's max nor its min.
      record(histogram, highest);
      if (lowest != highest) {
        record(histogram, lowest);
      }
      for (int i = lowest + 1; i < highest; i++) {
        if (counts[i] != 0) {
          record(histogram, i);
        }
      }
    }
    if (otherShape != null) {
      histogram.add(otherShape);
    }
    return histogram;
  }

  private void record(Histogram histogram, int index) {
    histogram.recordValueWithCount(HistogramAdder.valueAt(index), counts[index]);
  }

  private static int slotsOfTheAgreedShape() {
    Histogram probe = LatencyHistograms.create();
    probe.recordValue(LatencyHistograms.HIGHEST_TRACKABLE_MICROS);
    int slots = 0;
    for (HistogramIterationValue ignored : probe.allValues()) {
      slots++;
    }
    return slots;
  }
}
