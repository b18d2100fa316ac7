package gauntlet.controller.stats;

import java.util.Optional;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The ratio of two cells' figures, {@code a / b}, with its 95 % confidence interval: Welch's t on
 * the logarithms of the repetitions' values. Throughput and latency are positive and vary
 * multiplicatively (a busy neighbour costs a share, not a fixed number of requests), so on logs the
 * ratio becomes a difference of means, Welch's interval for that difference needs no equal
 * variances (a 0.5-CPU cell does not vary like a 1-CPU one), and exponentiating its ends gives an
 * interval for the ratio of geometric means that never crosses zero. It is exact under
 * log-normality and stays honest with 3 to 5 repetitions, where a bootstrap's percentile interval
 * comes out too narrow (it can only resample the few values seen); Fieller's interval for a
 * ratio of arithmetic means can be unbounded when the denominator is noisy. See docs/outputs.md.
 *
 * @param ratio geometric mean of {@code a} over geometric mean of {@code b}
 * @param ci95 empty when either side has fewer than two repetitions or a value that is not positive
 * @param significant the interval excludes 1
 */
public record RatioInterval(double ratio, Optional<Interval> ci95, boolean significant) {

  /** The ratio {@code a / b} of two cells' repetitions. */
  public static RatioInterval welchOnLogs(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) {
      throw new IllegalArgumentException("a ratio needs values on both sides, got " + a.length + " and " + b.length);
    }
    if (!allPositive(a) || !allPositive(b)) {
      return new RatioInterval(arithmeticRatio(a, b), Optional.empty(), false);
    }
    SummaryStatistics la = logs(a);
    SummaryStatistics lb = logs(b);
    double difference = la.getMean() - lb.getMean();
    double ratio = Math.exp(difference);
    if (la.getN() < 2 || lb.getN() < 2) {
      return new RatioInterval(ratio, Optional.empty(), false);
    }
    double va = la.getVariance() / la.getN();
    double vb = lb.getVariance() / lb.getN();
    double standardError = Math.sqrt(va + vb);
    if (standardError == 0) {
      // Identical repetitions on both sides: no spread to be unsure about.
      return new RatioInterval(ratio, Optional.of(new Interval(ratio, ratio)), ratio != 1);
    }
    // Welch–Satterthwaite degrees of freedom, as commons-math's TTest uses for its p-value.
    double df = (va + vb) * (va + vb)
        / (va * va / (la.getN() - 1) + vb * vb / (lb.getN() - 1));
    double halfWidth = MeanInterval.criticalT(df) * standardError;
    Interval interval = new Interval(Math.exp(difference - halfWidth), Math.exp(difference + halfWidth));
    return new RatioInterval(ratio, Optional.of(interval), !interval.contains(1));
  }

  private static SummaryStatistics logs(double[] values) {
    SummaryStatistics stats = new SummaryStatistics();
    for (double value : values) {
      stats.addValue(Math.log(value));
    }
    return stats;
  }

  private static boolean allPositive(double[] values) {
    for (double value : values) {
      if (!(value > 0)) {
        return false;
      }
    }
    return true;
  }

  private static double arithmeticRatio(double[] a, double[] b) {
    double mb = mean(b);
    return mb == 0 ? Double.NaN : mean(a) / mb;
  }

  private static double mean(double[] values) {
    SummaryStatistics stats = new SummaryStatistics();
    for (double value : values) {
      stats.addValue(value);
    }
    return stats.getMean();
  }
}
