package gauntlet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyHistogramsTest {

  @Test
  void encodeThenDecodeGivesTheSameCountsAtEveryValue() {
    Histogram original = LatencyHistograms.create();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 50_000; i++) {
      original.recordValue(1 + random.nextLong(2_000_000));
    }

    Histogram decoded = LatencyHistograms.decode(LatencyHistograms.encode(original));

    assertThat(decoded).isEqualTo(original);
    assertThat(decoded.getTotalCount()).isEqualTo(50_000);
    assertThat(decoded.getValueAtPercentile(99.9)).isEqualTo(original.getValueAtPercentile(99.9));
    assertThat(decoded.getMaxValue()).isEqualTo(original.getMaxValue());
  }

  @Test
  void emptyPayloadDecodesToAnEmptyHistogram() {
    assertThat(LatencyHistograms.decode(ByteString.EMPTY).getTotalCount()).isZero();
  }

  @Test
  void garbageIsRejectedWithItsSize() {
    assertThatThrownBy(() -> LatencyHistograms.decode(ByteString.copyFromUtf8("not a histogram")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15 bytes");
  }
}
