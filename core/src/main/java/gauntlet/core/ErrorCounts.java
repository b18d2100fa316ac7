package gauntlet.core;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Failed requests by {@link ErrorClass}, immutable: a count per class over one array. The event
 * loop counts into an {@link ErrorTally} and hands over a copy of this type, which travels through
 * the wire, the merge and the results unchanged in shape.
 */
public final class ErrorCounts {
  public static final ErrorCounts NONE = new ErrorCounts(new long[ErrorClass.COUNT]);

  private final long[] counts;

  private ErrorCounts(long[] counts) {
    this.counts = counts;
  }

  /** Counts in {@link ErrorClass} order (connect, read, write, timeout, status). */
  public static ErrorCounts of(long... countsInClassOrder) {
    if (countsInClassOrder.length != ErrorClass.COUNT) {
      throw new IllegalArgumentException("expected " + ErrorClass.COUNT + " counts, one per ErrorClass, got "
          + countsInClassOrder.length);
    }
    return new ErrorCounts(countsInClassOrder.clone());
  }

  static ErrorCounts copyOf(long[] counts) {
    return new ErrorCounts(counts.clone());
  }

  public long get(ErrorClass errorClass) {
    return counts[errorClass.ordinal()];
  }

  public ErrorCounts plus(ErrorCounts other) {
    long[] sum = counts.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.counts[i];
    }
    return new ErrorCounts(sum);
  }

  public long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  /** wrk's "Socket errors": every class but the status one. */
  public long socketTotal() {
    long total = 0;
    for (ErrorClass c : ErrorClass.ALL) {
      if (c.socket()) {
        total += get(c);
      }
    }
    return total;
  }

  public gauntlet.v1.ErrorCounts toWire() {
    gauntlet.v1.ErrorCounts.Builder wire = gauntlet.v1.ErrorCounts.newBuilder();
    for (ErrorClass c : ErrorClass.ALL) {
      WireField.of(c).set(wire, get(c));
    }
    return wire.build();
  }

  public static ErrorCounts fromWire(gauntlet.v1.ErrorCounts wire) {
    long[] counts = new long[ErrorClass.COUNT];
    for (ErrorClass c : ErrorClass.ALL) {
      counts[c.ordinal()] = WireField.of(c).get(wire);
    }
    return new ErrorCounts(counts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorCounts other && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    StringJoiner s = new StringJoiner(", ", "ErrorCounts[", "]");
    for (ErrorClass c : ErrorClass.ALL) {
      s.add(c.key() + "=" + get(c));
    }
    return s.toString();
  }

  /** The generated message's field of each class: the wire's spelling, kept beside the enum's. */
  private enum WireField {
    CONNECT {
      long get(gauntlet.v1.ErrorCounts w) { return w.getConnect(); }
      void set(gauntlet.v1.ErrorCounts.Builder w, long v) { w.setConnect(v); }
    },
    READ {
      long get(gauntlet.v1.ErrorCounts w) { return w.getRead(); }
      void set(gauntlet.v1.ErrorCounts.Builder w, long v) { w.setRead(v); }
    },
    WRITE {
      long get(gauntlet.v1.ErrorCounts w) { return w.getWrite(); }
      void set(gauntlet.v1.ErrorCounts.Builder w, long v) { w.setWrite(v); }
    },
    TIMEOUT {
      long get(gauntlet.v1.ErrorCounts w) { return w.getTimeout(); }
      void set(gauntlet.v1.ErrorCounts.Builder w, long v) { w.setTimeout(v); }
    },
    STATUS {
      long get(gauntlet.v1.ErrorCounts w) { return w.getStatus(); }
      void set(gauntlet.v1.ErrorCounts.Builder w, long v) { w.setStatus(v); }
    };

    abstract long get(gauntlet.v1.ErrorCounts wire);

    abstract void set(gauntlet.v1.ErrorCounts.Builder wire, long value);

    static WireField of(ErrorClass c) {
      return values()[c.ordinal()];
    }
  }
}
