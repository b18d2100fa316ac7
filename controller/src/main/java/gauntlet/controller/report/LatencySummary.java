package gauntlet.controller.report;

import org.HdrHistogram.Histogram;

/** The latency figures a ledger shows, in milliseconds, read from one (merged) histogram. */
public record LatencySummary(
    double meanMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  /** Reads a histogram recorded in microseconds. */
  public static LatencySummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        micros.getMean() / 1000.0,
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(90) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getValueAtPercentile(99.9) / 1000.0,
        micros.getMaxValue() / 1000.0);
  }
}
