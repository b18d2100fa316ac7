package gauntlet.controller.stats;

import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The mean of a figure over repetitions with its 95 % confidence interval from Student's t (the
 * repetitions being independent runs on fresh targets). No interval from fewer than two values.
 *
 * @param n how many repetitions the mean rests on
 * @param ci95 empty below two repetitions
 */
public record MeanInterval(int n, double mean, Optional<Interval> ci95) {
  public static final double CONFIDENCE = 0.95;

  public static MeanInterval of(double[] values) {
    SummaryStatistics stats = new SummaryStatistics();
    for (double value : values) {
      stats.addValue(value);
    }
    int n = (int) stats.getN();
    if (n < 2) {
      return new MeanInterval(n, n == 0 ? Double.NaN : stats.getMean(), Optional.empty());
    }
    double halfWidth = criticalT(n - 1) * stats.getStandardDeviation() / Math.sqrt(n);
    return new MeanInterval(n, stats.getMean(),
        Optional.of(new Interval(stats.getMean() - halfWidth, stats.getMean() + halfWidth)));
  }

  /** Half the interval's width as a share of the mean (0.018 for "± 1.8 %"); empty without an interval. */
  public Optional<Double> relativeHalfWidth() {
    return ci95.filter(i -> mean != 0).map(i -> (i.hi() - i.lo()) / 2 / Math.abs(mean));
  }

  /** The two-sided t quantile for {@link #CONFIDENCE} at {@code df} degrees of freedom. */
  static double criticalT(double df) {
    return new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
  }
}
