package gauntlet.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SlotCountsTest {

  @Test
  void encodedIntervalsSummedBySlotGiveExactlyTheHistogramTheyAddUpTo() {
    RandomIntervals intervals = new RandomIntervals(11);
    Histogram expected = LatencyHistograms.create();
    SlotCounts sum = new SlotCounts();
    try (HistogramAdder adder = new HistogramAdder()) {
      for (int interval = 0; interval < 40; interval++) {
        Histogram h = intervals.next(20_000);
        ByteString encoded = LatencyHistograms.encode(h);
        expected.add(LatencyHistograms.decode(encoded));
        adder.add(encoded, sum);
      }
    }
    Histogram merged = sum.toHistogram();
    assertThat(merged).isEqualTo(expected);
    assertThat(merged.getTotalCount()).isEqualTo(expected.getTotalCount());
    assertThat(merged.getMaxValue()).isEqualTo(expected.getMaxValue());
    assertThat(merged.getMinNonZeroValue()).isEqualTo(expected.getMinNonZeroValue());
  }

  @Test
  void theSlotCountIsTheAgreedShapesCountsLength() {
    Histogram top = LatencyHistograms.create();
    top.recordValue(LatencyHistograms.HIGHEST_TRACKABLE_MICROS);
    SlotCounts sum = new SlotCounts();
    try (HistogramAdder adder = new HistogramAdder()) {
      adder.add(LatencyHistograms.encode(top), sum);
    }
    assertThat(sum.toHistogram()).isEqualTo(top);
    assertThat(SlotCounts.SLOTS).isEqualTo(23_552);
  }

  @Test
  void intervalsOfAnotherShapeAreSummedTheLongWayAndStillExactly() {
    Histogram coarse = new Histogram(1, LatencyHistograms.HIGHEST_TRACKABLE_MICROS, 2);
    coarse.recordValue(1234);
    coarse.recordValue(98_765);
    Histogram fine = LatencyHistograms.create();
    fine.recordValue(17);
    SlotCounts sum = new SlotCounts();
    try (HistogramAdder adder = new HistogramAdder()) {
      adder.add(LatencyHistograms.encode(coarse), sum);
      adder.add(LatencyHistograms.encode(fine), sum);
    }
    Histogram expected = LatencyHistograms.create();
    expected.add(LatencyHistograms.decode(LatencyHistograms.encode(coarse)));
    expected.add(fine);
    assertThat(sum.toHistogram()).isEqualTo(expected);
  }

  @Test
  void countsOfManyBytesAndLongRunsOfEmptySlotsAddExactly() {
    Histogram h = LatencyHistograms.create();
    h.recordValueWithCount(3, 1);
    h.recordValueWithCount(700, 200);
    h.recordValueWithCount(90_000, 70_000);
    h.recordValueWithCount(LatencyHistograms.HIGHEST_TRACKABLE_MICROS, 1L << 40);
    SlotCounts sum = new SlotCounts();
    try (HistogramAdder adder = new HistogramAdder()) {
      adder.add(LatencyHistograms.encode(h), sum);
      adder.add(LatencyHistograms.encode(h), sum);
    }
    Histogram expected = LatencyHistograms.create();
    expected.add(h);
    expected.add(h);
    Histogram merged = sum.toHistogram();
    assertThat(merged).isEqualTo(expected);
    assertThat(merged.getMinNonZeroValue()).isEqualTo(3);
    assertThat(merged.getMaxValue()).isEqualTo(expected.getMaxValue());
  }

  @Test
  void nothingAddedIsAnEmptyHistogram() {
    assertThat(new SlotCounts().toHistogram().getTotalCount()).isZero();
  }
}
