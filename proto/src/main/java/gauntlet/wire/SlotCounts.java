package gauntlet.wire;

import java.util.Arrays;
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

  /** The counts by slot, for {@link HistogramAdder} to add into; it then calls {@link #covered}. */
  long[] counts() {
    return counts;
  }

  /** Counts were added between slots {@code first} and {@code last}, both non-zero. */
  void covered(int first, int last) {
    if (first < lowest) {
      lowest = first;
    }
    if (last > highest) {
      highest = last;
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
    addTo(histogram);
    return histogram;
  }

  /** Adds the sum into {@code histogram}, which must be of the agreed shape. */
  void addTo(Histogram histogram) {
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
  }

  /** Back to nothing added; clears only the slots that were counted. */
  void clear() {
    if (highest >= 0) {
      Arrays.fill(counts, lowest, highest + 1, 0);
    }
    lowest = SLOTS;
    highest = -1;
    otherShape = null;
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
