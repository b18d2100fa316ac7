package gauntlet.controller.stats;

/** A closed interval [lo, hi], e.g. a 95 % confidence interval. */
public record Interval(double lo, double hi) {
  public Interval {
    if (!(lo <= hi)) {
      throw new IllegalArgumentException("an interval needs lo <= hi, got [" + lo + ", " + hi + "]");
    }
  }

  public boolean contains(double value) {
    return lo <= value && value <= hi;
  }
}
