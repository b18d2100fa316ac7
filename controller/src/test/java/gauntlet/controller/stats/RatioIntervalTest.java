package gauntlet.controller.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * The intervals agree with commons-math's own t-tests: at an interval's end the test of "the
 * ratio is this value" has p = 0.05 exactly, and an interval excludes 1 exactly when the test
 * rejects equality at 5 %.
 */
class RatioIntervalTest {
  private static final TTest TESTS = new TTest();
  /** Throughput of five 1-CPU and five 0.5-CPU repetitions (requests/s), as a run gives them. */
  private static final double[] ONE_CPU = {25_444, 24_910, 26_020, 25_130, 25_760};
  private static final double[] HALF_CPU = {12_800, 13_420, 12_410, 13_050, 12_990};

  @Test
  void theMeanIntervalsEndsAreWhereTheLibrarysOneSampleTestHasPFiveHundredths() {
    MeanInterval mean = MeanInterval.of(ONE_CPU);

    assertThat(mean.n()).isEqualTo(5);
    assertThat(mean.mean()).isCloseTo(25_452.8, within(1e-9));
    Interval ci = mean.ci95().orElseThrow();
    assertThat(TESTS.tTest(ci.lo(), ONE_CPU)).isCloseTo(0.05, within(1e-9));
    assertThat(TESTS.tTest(ci.hi(), ONE_CPU)).isCloseTo(0.05, within(1e-9));
    // t(0.975, 4) = 2.776: the half-width is 2.776 standard errors.
    assertThat((ci.hi() - ci.lo()) / 2).isCloseTo(2.7764451 * 451.385866 / Math.sqrt(5), within(0.01));
    assertThat(mean.relativeHalfWidth().orElseThrow()).isCloseTo(2.7764451 * 451.385866 / Math.sqrt(5) / 25_452.8, within(1e-6));
  }

  @Test
  void theRatioIntervalsEndsAreWhereTheLibrarysWelchTestOnLogsHasPFiveHundredths() {
    RatioInterval ratio = RatioInterval.welchOnLogs(HALF_CPU, ONE_CPU);

    double[] logHalf = logs(HALF_CPU);
    double[] logOne = logs(ONE_CPU);
    assertThat(ratio.ratio()).isCloseTo(Math.exp(mean(logHalf) - mean(logOne)), within(1e-12));
    Interval ci = ratio.ci95().orElseThrow();
    assertThat(TESTS.tTest(shift(logHalf, -Math.log(ci.lo())), logOne)).isCloseTo(0.05, within(1e-6));
    assertThat(TESTS.tTest(shift(logHalf, -Math.log(ci.hi())), logOne)).isCloseTo(0.05, within(1e-6));
    assertThat(ratio.significant()).isTrue();
    assertThat(TESTS.tTest(logHalf, logOne)).isLessThan(0.05);
    assertThat(ci.lo()).isBetween(0.48, 0.52);
    assertThat(ci.hi()).isBetween(0.50, 0.54);
  }

  @Test
  void twoSamplesOfOneServerAreNotSignificantlyDifferentJustAsTheLibrarysTestSays() {
    double[] again = {25_610, 24_700, 25_980, 25_300, 25_050};

    RatioInterval ratio = RatioInterval.welchOnLogs(again, ONE_CPU);

    assertThat(ratio.significant()).isFalse();
    assertThat(ratio.ci95().orElseThrow().contains(1)).isTrue();
    assertThat(TESTS.tTest(logs(again), logs(ONE_CPU))).isGreaterThan(0.05);
  }

  @Test
  void withOneRepetitionOrAZeroThereIsARatioButNoInterval() {
    assertThat(RatioInterval.welchOnLogs(new double[] {10}, new double[] {20}).ci95()).isEmpty();
    assertThat(RatioInterval.welchOnLogs(new double[] {10}, new double[] {20}).ratio()).isCloseTo(0.5, within(1e-12));
    RatioInterval zero = RatioInterval.welchOnLogs(new double[] {0, 0, 0}, new double[] {3, 4, 5});
    assertThat(zero.ci95()).isEmpty();
    assertThat(zero.significant()).isFalse();
    assertThat(MeanInterval.of(new double[] {7}).ci95()).isEmpty();
  }

  private static double[] logs(double[] values) {
    return Arrays.stream(values).map(Math::log).toArray();
  }

  private static double[] shift(double[] values, double by) {
    return Arrays.stream(values).map(v -> v + by).toArray();
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }
}
