package gauntlet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

class HistogramAdderTest {

  @Test
  void addingEncodedIntervalsGivesExactlyTheSumOfTheDecodedOnes() {
    RandomIntervals intervals = new RandomIntervals(7);
    Histogram expected = LatencyHistograms.create();
    Histogram sum = LatencyHistograms.create();
    try (HistogramAdder adder = new HistogramAdder()) {
      for (int interval = 0; interval < 50; interval++) {
        Histogram h = intervals.next(30_000);
        ByteString encoded = LatencyHistograms.encode(h);
        expected.add(LatencyHistograms.decode(encoded));
        assertThat(adder.addSparse(encoded, sum)).as("the short way was taken").isTrue();
      }
    }
    assertThat(sum).isEqualTo(expected);
    assertThat(sum.getTotalCount()).isEqualTo(expected.getTotalCount());
    assertThat(sum.getMaxValue()).isEqualTo(expected.getMaxValue());
    assertThat(sum.getMinNonZeroValue()).isEqualTo(expected.getMinNonZeroValue());
  }

  @Test
  void everySlotOfTheAgreedShapeLandsWhereHdrHistogramPutsIt() {
    Histogram every = LatencyHistograms.create();
    Histogram probe = LatencyHistograms.create();
    probe.recordValue(LatencyHistograms.HIGHEST_TRACKABLE_MICROS);
    int slots = 0;
    for (HistogramIterationValue v : probe.allValues()) {
      every.recordValueWithCount(v.getValueIteratedTo(), ++slots);
    }
    Histogram sum = LatencyHistograms.create();
    try (HistogramAdder adder = new HistogramAdder()) {
      assertThat(adder.addSparse(LatencyHistograms.encode(every), sum)).isTrue();
    }
    assertThat(sum).isEqualTo(every);
    assertThat(slots).isGreaterThan(20_000);
  }

  @Test
  void countsAndRunsOfEmptySlotsOfEveryEncodedWidthAddExactly() {
    // ZigZag LEB128 takes 1 byte below 64, 2 below 8,192, up to 9: each width has its own path.
    long[] counts = {1, 63, 64, 8_191, 8_192, 1L << 20, 1L << 40, 1L << 55, Long.MAX_VALUE / 8};
    // Values whose slots lie 1, 2, 60, 100, 9,000 ... slots apart: runs of empty slots of each width.
    long[] values = {1, 2, 4, 64, 200, 30_000, 1_000_000, 60_000_000, LatencyHistograms.HIGHEST_TRACKABLE_MICROS};
    Histogram every = LatencyHistograms.create();
    for (int i = 0; i < counts.length; i++) {
      every.recordValueWithCount(values[i], counts[i]);
    }
    Histogram sum = LatencyHistograms.create();
    try (HistogramAdder adder = new HistogramAdder()) {
      assertThat(adder.addSparse(LatencyHistograms.encode(every), sum)).isTrue();
    }
    assertThat(sum).isEqualTo(every);
    assertThat(sum.getTotalCount()).isEqualTo(every.getTotalCount());
  }

  @Test
  void anotherShapeIsAddedTheLongWayAndStillExactly() {
    Histogram coarse = new Histogram(1, LatencyHistograms.HIGHEST_TRACKABLE_MICROS, 2);
    coarse.recordValue(1234);
    coarse.recordValue(98_765);
    Histogram sum = LatencyHistograms.create();
    try (HistogramAdder adder = new HistogramAdder()) {
      ByteString encoded = LatencyHistograms.encode(coarse);
      assertThat(adder.addSparse(encoded, sum)).isFalse();
      adder.add(encoded, sum);
    }
    Histogram expected = LatencyHistograms.create();
    expected.add(LatencyHistograms.decode(LatencyHistograms.encode(coarse)));
    assertThat(sum).isEqualTo(expected);
  }

  @Test
  void intervalsGoOnTheWireUncompressedAndCompressedOnesStillAddExactly() {
    Histogram h = new RandomIntervals(11).next(30_000);
    ByteString plain = LatencyHistograms.encode(h);
    assertThat(HistogramAdder.isCompressed(plain)).isFalse();
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    ByteString compressed = ByteString.copyFrom(buffer.array(), 0, length);
    assertThat(HistogramAdder.isCompressed(compressed)).isTrue();

    Histogram sum = LatencyHistograms.create();
    try (HistogramAdder adder = new HistogramAdder()) {
      assertThat(adder.addSparse(plain, sum)).isTrue();
      assertThat(adder.addSparse(compressed, sum)).isTrue();
    }
    Histogram expected = LatencyHistograms.create();
    expected.add(h);
    expected.add(h);
    assertThat(sum).isEqualTo(expected);
    assertThat(LatencyHistograms.decode(compressed)).isEqualTo(LatencyHistograms.decode(plain));
  }

  @Test
  void anEmptyPayloadAddsNothingAndGarbageIsRefusedNamingItsSize() {
    Histogram sum = LatencyHistograms.create();
    try (HistogramAdder adder = new HistogramAdder()) {
      adder.add(ByteString.EMPTY, sum);
      assertThat(sum.getTotalCount()).isZero();
      ByteString valid = LatencyHistograms.encode(sum);
      ByteString truncated = valid.substring(0, valid.size() - 3);
      assertThatThrownBy(() -> adder.add(truncated, sum))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(truncated.size() + " bytes is not a valid HdrHistogram encoding");
    }
  }
}
