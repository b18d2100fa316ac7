package gauntlet.wire;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The one histogram shape every part of Gauntlet agrees on, and its wire encoding.
 *
 * <p>Latencies are recorded in microseconds from 1 µs to 1 hour with 3 significant digits, so any
 * two histograms can be added exactly, whichever agent recorded them.
 */
public final class LatencyHistograms {
  public static final long LOWEST_DISCERNIBLE_MICROS = 1;
  public static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);
  public static final int SIGNIFICANT_DIGITS = 3;

  private LatencyHistograms() {}

  /** A new empty histogram of the agreed shape. */
  public static Histogram create() {
    return new Histogram(LOWEST_DISCERNIBLE_MICROS, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
  }

  /**
   * HdrHistogram's V2 encoding, as carried in interval reports: uncompressed. Its counts are
   * already run-length and variable-length coded (bench/controller-scale.sh's intervals: 2,882 B
   * plain, 1,720 B deflated), while inflating a thousand agents' intervals each second was half of the controller's
   * merge (bench/controller-scale.sh); deflating them cost every agent as much again.
   */
  public static ByteString encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoByteBuffer(buffer);
    buffer.flip();
    return ByteString.copyFrom(buffer, length);
  }

  /**
   * Decodes a histogram sent by {@link #encode}, or in HdrHistogram's compressed encoding (as
   * earlier agents sent it); an empty payload is an empty histogram.
   */
  public static Histogram decode(ByteString encoded) {
    if (encoded.isEmpty()) {
      return create();
    }
    try {
      ByteBuffer buffer = encoded.asReadOnlyByteBuffer();
      Histogram histogram = HistogramAdder.isCompressed(encoded)
          ? Histogram.decodeFromCompressedByteBuffer(buffer, HIGHEST_TRACKABLE_MICROS)
          : Histogram.decodeFromByteBuffer(buffer, HIGHEST_TRACKABLE_MICROS);
      histogram.setStartTimeStamp(0);
      histogram.setEndTimeStamp(0);
      return histogram;
    } catch (DataFormatException | RuntimeException e) {
      // HdrHistogram signals a bad cookie, a truncated buffer or bad deflate data in several ways.
      throw new IllegalArgumentException(
          "Interval histogram of " + encoded.size() + " bytes is not a valid HdrHistogram encoding", e);
    }
  }
}
