package gauntlet.wire;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.Histogram;

/**
 * Adds an encoded interval histogram into a histogram without building one in between: the merge
 * of a thousand agents' intervals a second went through {@link LatencyHistograms#decode}, which
 * allocates and zeroes a full counts array (23,552 longs, 184 KiB, for the agreed shape) per
 * interval, and then {@link Histogram#add} walked all of it. Here only the encoding's non-zero
 * counts are visited, each added at its value. Histograms of another shape than
 * {@link LatencyHistograms#create()}'s go the long way, so the sum is exact either way.
 *
 * <p>Reads HdrHistogram's V2 encoding, which {@link LatencyHistograms#encode} sends, or the same
 * deflated behind a cookie and the deflated length (earlier agents' compressed encoding): a 40-byte
 * header (cookie, payload length, normalizing index offset, significant digits, lowest and highest
 * trackable value, integer-to-double ratio) and the counts as ZigZag LEB128 longs, a
 * negative one standing for that many empty slots. Not thread-safe: one per merging thread or lock.
 */
public final class HistogramAdder implements AutoCloseable {
  private static final int V2_COMPRESSED_COOKIE = 0x1c849304 | 0x10;
  private static final int V2_COOKIE = 0x1c849303 | 0x10;
  private static final int HEADER_BYTES = 40;
  /** The agreed shape's sub-bucket geometry: 2 * 10^3 needs 11 bits, half of which is 10. */
  private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10;
  private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;

  private final Inflater inflater = new Inflater();
  /** The encoding's header and counts, inflated or copied, reused from one add to the next. */
  private byte[] inflated = new byte[8192];
  /** One interval decoded for {@link #addSparse}, cleared after each. */
  private final SlotCounts scratch = new SlotCounts();

  /** Adds the histogram {@code encoded} (as {@link LatencyHistograms#encode} made it) into {@code into}. */
  public void add(ByteString encoded, Histogram into) {
    if (!addSparse(encoded, into)) {
      into.add(LatencyHistograms.decode(encoded));
    }
  }

  /** Adds the histogram {@code encoded} into {@code into}, slot by slot when it is of the agreed shape. */
  public void add(ByteString encoded, SlotCounts into) {
    if (!decodeSlots(encoded, into)) {
      into.addOtherShape(LatencyHistograms.decode(encoded));
    }
  }

  /** The short way; false, having added nothing, when the encoding or {@code into} is of another shape. */
  boolean addSparse(ByteString encoded, Histogram into) {
    if (!agreedShape(into)) {
      return false;
    }
    try {
      if (!decodeSlots(encoded, scratch)) {
        return false;
      }
      scratch.addTo(into);
      return true;
    } finally {
      scratch.clear();
    }
  }

  /**
   * Decodes {@code encoded}, adding its counts into {@code sum}; false, having decoded nothing,
   * when it is not of the agreed shape.
   */
  private boolean decodeSlots(ByteString encoded, SlotCounts sum) {
    if (encoded.isEmpty()) {
      return true;
    }
    ByteBuffer payload;
    if (isCompressed(encoded)) {
      ByteBuffer outer = encoded.asReadOnlyByteBuffer().order(ByteOrder.BIG_ENDIAN);
      outer.getInt();
      payload = inflate(outer, outer.getInt(), encoded);
    } else {
      payload = plain(encoded);
    }
    if (payload.getInt() != V2_COOKIE) {
      return false;
    }
    int payloadLength = payload.getInt();
    int normalizingIndexOffset = payload.getInt();
    int digits = payload.getInt();
    long lowest = payload.getLong();
    payload.getLong(); // highest trackable: any, the agreed shape tracks up to its own
    payload.getDouble();
    if (normalizingIndexOffset != 0 || digits != LatencyHistograms.SIGNIFICANT_DIGITS
        || lowest != LatencyHistograms.LOWEST_DISCERNIBLE_MICROS || payload.remaining() < payloadLength) {
      return false;
    }
    int from = payload.position();
    addCounts(payload.array(), from, from + payloadLength, encoded, sum);
    return true;
  }

  /**
   * Adds the counts between {@code from} and {@code to} straight into {@code sum}'s slots: the
   * merge's hot loop, one array add per non-zero slot (bench/controller-scale.sh: the decoding was
   * the controller's largest cost at 1,000 agents). A malformed encoding throws having added part
   * of itself; the sum is then wrong, and the controller fails the cell.
   *
   * <p>Values of one and two bytes (counts below 8,192, runs of empty slots shorter than that:
   * nearly all of an interval's) are decoded in int arithmetic, without entering the LEB128 loop:
   * the controller runs C1's code (docs/architecture.md), which keeps every step it is given, and
   * these paths took the loop from 13.3 to 7.0 µs an interval under C1, 8.8 to 5.9 µs under C2 (JMH,
   * a log-normal interval of 2,492 bytes).
   */
  private static void addCounts(byte[] bytes, int from, int to, ByteString encoded, SlotCounts sum) {
    long[] counts = sum.counts();
    int first = -1;
    int last = -1;
    int index = 0;
    int at = from;
    while (at < to) {
      int raw = bytes[at++];
      if (raw < 0) {
        if (at < to && bytes[at] >= 0) {
          raw = (raw & 0x7F) | bytes[at++] << 7;
        } else {
          // Three bytes or more: HdrHistogram's ZigZagEncoding.getLong, LEB128 of at most 9
          // bytes, the 9th holding 8 bits.
          long wide = raw & 0x7F;
          int shift = 7;
          long b;
          do {
            if (at >= to) {
              throw invalid(encoded, "a count cut short at byte " + at);
            }
            b = bytes[at++];
            wide |= shift == 56 ? b << 56 : (b & 0x7F) << shift;
            shift += 7;
          } while ((b & 0x80) != 0 && shift <= 56);
          long count = (wide >>> 1) ^ -(wide & 1);
          // The int path's steps again, in long: one block for both, taking a long count, measured
          // 12.1 µs an interval under C1 against 7.2 µs (JMH, the same log-normal interval).
          if (count < 0) {
            index = skip(index, -count, encoded);
          } else {
            if (index >= SlotCounts.SLOTS) {
              throw pastTheShape(encoded, index);
            }
            if (count > 0) {
              counts[index] += count;
              if (first < 0) {
                first = index;
              }
              last = index;
            }
            index++;
          }
          continue;
        }
      }
      int count = (raw >>> 1) ^ -(raw & 1); // ZigZag
      if (count < 0) {
        index = skip(index, -(long) count, encoded);
        continue;
      }
      if (index >= SlotCounts.SLOTS) {
        throw pastTheShape(encoded, index);
      }
      if (count > 0) {
        counts[index] += count;
        if (first < 0) {
          first = index;
        }
        last = index;
      }
      index++;
    }
    if (first >= 0) {
      sum.covered(first, last);
    }
  }

  private static int skip(int index, long zeros, ByteString encoded) {
    if (zeros > SlotCounts.SLOTS - index) {
      throw invalid(encoded, "a run of " + zeros + " empty slots");
    }
    return index + (int) zeros;
  }

  private static IllegalArgumentException pastTheShape(ByteString encoded, int index) {
    return invalid(encoded, "a count at slot " + index + ", past the agreed shape's " + SlotCounts.SLOTS);
  }

  /** The lowest value counted at {@code index} of the agreed shape (HdrHistogram's valueFromIndex, unit 1). */
  static long valueAt(int index) {
    int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
    int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
    if (bucket < 0) {
      subBucket -= SUB_BUCKET_HALF_COUNT;
      bucket = 0;
    }
    return ((long) subBucket) << bucket;
  }

  private static boolean agreedShape(Histogram h) {
    return h.getLowestDiscernibleValue() == LatencyHistograms.LOWEST_DISCERNIBLE_MICROS
        && h.getNumberOfSignificantValueDigits() == LatencyHistograms.SIGNIFICANT_DIGITS
        && h.getHighestTrackableValue() >= LatencyHistograms.HIGHEST_TRACKABLE_MICROS;
  }

  /** True when {@code encoded} is HdrHistogram's compressed encoding (by its cookie). */
  static boolean isCompressed(ByteString encoded) {
    return encoded.size() >= 8 && cookie(encoded) == V2_COMPRESSED_COOKIE;
  }

  private static int cookie(ByteString encoded) {
    return (encoded.byteAt(0) & 0xFF) << 24 | (encoded.byteAt(1) & 0xFF) << 16
        | (encoded.byteAt(2) & 0xFF) << 8 | encoded.byteAt(3) & 0xFF;
  }

  /** The plain encoding, copied into the reused buffer: a ByteString need not be backed by an array. */
  private ByteBuffer plain(ByteString encoded) {
    if (encoded.size() < HEADER_BYTES) {
      throw invalid(encoded, "a header of " + encoded.size() + " bytes");
    }
    if (inflated.length < encoded.size()) {
      inflated = new byte[Math.max(encoded.size(), inflated.length * 2)];
    }
    encoded.copyTo(inflated, 0);
    return ByteBuffer.wrap(inflated, 0, encoded.size()).order(ByteOrder.BIG_ENDIAN);
  }

  private ByteBuffer inflate(ByteBuffer outer, int compressedLength, ByteString encoded) {
    if (compressedLength < 0 || compressedLength > outer.remaining()) {
      throw invalid(encoded, "a compressed length of " + compressedLength);
    }
    inflater.reset();
    ByteBuffer compressed = outer.slice();
    compressed.limit(compressedLength);
    inflater.setInput(compressed);
    int length = 0;
    try {
      while (!inflater.finished()) {
        if (length == inflated.length) {
          inflated = Arrays.copyOf(inflated, inflated.length * 2);
        }
        int n = inflater.inflate(inflated, length, inflated.length - length);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw invalid(encoded, "truncated deflate data");
        }
        length += n;
      }
    } catch (DataFormatException e) {
      throw invalid(encoded, "bad deflate data (" + e.getMessage() + ")");
    }
    if (length < HEADER_BYTES) {
      throw invalid(encoded, "a header of " + length + " bytes");
    }
    return ByteBuffer.wrap(inflated, 0, length).order(ByteOrder.BIG_ENDIAN);
  }

  private static IllegalArgumentException invalid(ByteString encoded, String what) {
    return new IllegalArgumentException("Interval histogram of " + encoded.size()
        + " bytes is not a valid HdrHistogram encoding: " + what);
  }

  @Override
  public void close() {
    inflater.end();
  }
}
