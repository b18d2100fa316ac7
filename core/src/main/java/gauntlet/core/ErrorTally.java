package gauntlet.core;

/**
 * The mutable side of {@link ErrorCounts}: one event loop (or one merging thread) counts into it
 * without allocating, and hands over an immutable copy once per interval.
 */
public final class ErrorTally {
  private final long[] counts = new long[ErrorClass.COUNT];

  public void add(ErrorClass errorClass) {
    counts[errorClass.ordinal()]++;
  }

  public void add(ErrorCounts errors) {
    for (ErrorClass c : ErrorClass.ALL) {
      counts[c.ordinal()] += errors.get(c);
    }
  }

  public long get(ErrorClass errorClass) {
    return counts[errorClass.ordinal()];
  }

  /** The counts so far, as a value. */
  public ErrorCounts counts() {
    return ErrorCounts.copyOf(counts);
  }

  /** The counts so far, and starts again from zero: one interval's hand-over. */
  public ErrorCounts drain() {
    ErrorCounts counts = counts();
    java.util.Arrays.fill(this.counts, 0);
    return counts;
  }
}
