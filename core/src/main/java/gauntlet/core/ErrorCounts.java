package gauntlet.core;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

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

  /**
   * The sum; one of the two itself when the other counts nothing, as nearly every interval report
   * does: the controller adds each of them twice, a thousand times a second at 1,000 agents.
   */
  public ErrorCounts plus(ErrorCounts other) {
    if (other.isZero()) {
      return this;
    }
    if (isZero()) {
      return other;
    }
    long[] sum = counts.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.counts[i];
    }
    return new ErrorCounts(sum);
  }

  /** True when no request failed. */
  public boolean isZero() {
    for (long count : counts) {
      if (count != 0) {
        return false;
      }
    }
    return true;
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
      long count = get(c);
      wire = switch (c) {
        case CONNECT -> wire.setConnect(count);
        case READ -> wire.setRead(count);
        case WRITE -> wire.setWrite(count);
        case TIMEOUT -> wire.setTimeout(count);
        case STATUS -> wire.setStatus(count);
      };
    }
    return wire.build();
  }

  /**
   * The counts of a report: by the generated getters, which the controller calls a thousand times
   * a second at 1,000 agents (protobuf's reflective {@code getField} was 3 % of its I/O threads);
   * {@link #NONE} itself, allocating nothing, for a report without failures.
   */
  public static ErrorCounts fromWire(gauntlet.v1.ErrorCounts wire) {
    long[] counts = null; // only once a class has failures: most reports have none
    for (int i = 0; i < ErrorClass.COUNT; i++) {
      ErrorClass c = ErrorClass.ALL.get(i);
      long count = switch (c) {
        case CONNECT -> wire.getConnect();
        case READ -> wire.getRead();
        case WRITE -> wire.getWrite();
        case TIMEOUT -> wire.getTimeout();
        case STATUS -> wire.getStatus();
      };
      if (count != 0) {
        if (counts == null) {
          counts = new long[ErrorClass.COUNT];
        }
        counts[c.ordinal()] = count;
      }
    }
    return counts == null ? NONE : new ErrorCounts(counts);
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

  /*
   * The generated message has a field of each class's key, and no other: checked once, at class
   * loading, so a class without its field, or a field without its class, is a build that cannot
   * start. (The switches above map each class to its field's accessors; the compiler sees that
   * they cover every class.)
   */
  static {
    Descriptor message = gauntlet.v1.ErrorCounts.getDescriptor();
    for (ErrorClass c : ErrorClass.ALL) {
      FieldDescriptor field = message.findFieldByName(c.key());
      if (field == null || field.getJavaType() != FieldDescriptor.JavaType.LONG) {
        throw new IllegalStateException("gauntlet.v1.ErrorCounts has no int64 field '" + c.key() + "' for "
            + c + "; add it to agent.proto");
      }
    }
    if (message.getFields().size() != ErrorClass.COUNT) {
      throw new IllegalStateException("gauntlet.v1.ErrorCounts has " + message.getFields().size()
          + " fields but there are " + ErrorClass.COUNT + " error classes; add the new class to ErrorClass");
    }
  }
}
