package gauntlet.cli.load;

import gauntlet.controller.report.WrkUnits;

import gauntlet.core.ErrorClass;
import gauntlet.core.ErrorCounts;
import java.util.StringJoiner;
import gauntlet.agent.load.LoadOptions;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * wrk's summary, line for line, from a run's exact histograms. In the open model it also shows, as
 * wrk2 does not, the uncorrected service time beside the corrected latency.
 */
final class WrkReport {
  private static final double[] DISTRIBUTION = {50, 75, 90, 99};

  private WrkReport() {}

  static String header(LoadOptions options) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Running %s test @ %s%n", seconds(options.duration().toMillis()), options.url()));
    out.append(String.format(Locale.ROOT, "  %d threads and %d connections%n", options.threads(), options.connections()));
    if (options.openModel()) {
      out.append(String.format(Locale.ROOT, "  open model: %,.0f requests/sec in total, latency from intended send time%n",
          options.rate()));
    }
    return out.toString();
  }

  static String summary(LoadOptions options, LoadTally tally, boolean latencyDistribution) {
    StringBuilder out = new StringBuilder();
    out.append("  Thread Stats   Avg      Stdev     Max   +/- Stdev\n");
    out.append(latencyLine("    Latency", tally.latency()));
    if (tally.serviceTime() != null) {
      out.append(latencyLine("    Service", tally.serviceTime()));
    }
    out.append(rateLine(tally.ratesPerSecond(), options.threads()));
    if (latencyDistribution) {
      out.append(distribution(tally.serviceTime() != null ? "  Latency Distribution (corrected)" : "  Latency Distribution",
          tally.latency()));
      if (tally.serviceTime() != null) {
        out.append(distribution("  Service Time Distribution (uncorrected)", tally.serviceTime()));
      }
    }
    out.append(String.format(Locale.ROOT, "  %d requests in %s, %s read%n", tally.requests(),
        seconds(tally.seconds() * 1000), WrkUnits.bytes(tally.bytes())));
    ErrorCounts e = tally.errors();
    if (e.socketTotal() > 0) {
      StringJoiner socket = new StringJoiner(", ", "  Socket errors: ", "%n");
      for (ErrorClass c : ErrorClass.ALL) {
        if (c.socket()) {
          socket.add(c.key() + " " + e.get(c));
        }
      }
      out.append(String.format(Locale.ROOT, socket.toString()));
    }
    if (e.get(ErrorClass.STATUS) > 0) {
      // wrk's own words for the status class.
      out.append(String.format(Locale.ROOT, "  Non-2xx or 3xx responses: %d%n", e.get(ErrorClass.STATUS)));
    }
    double seconds = tally.seconds();
    out.append(String.format(Locale.ROOT, "Requests/sec: %12.2f%n", seconds > 0 ? tally.requests() / seconds : 0));
    out.append(String.format(Locale.ROOT, "Transfer/sec: %11s%n", WrkUnits.bytes(seconds > 0 ? tally.bytes() / seconds : 0)));
    return out.toString();
  }

  private static String latencyLine(String label, Histogram micros) {
    double mean = micros.getMean();
    double stdev = micros.getStdDeviation();
    return String.format(Locale.ROOT, "%-11s %9s %9s %9s %8.2f%%%n", label, WrkUnits.time(mean), WrkUnits.time(stdev),
        WrkUnits.time(micros.getMaxValue()), withinStdev(micros, mean, stdev));
  }

  /** wrk's "+/- Stdev": the share of samples within one standard deviation of the mean. */
  private static double withinStdev(Histogram micros, double mean, double stdev) {
    long total = micros.getTotalCount();
    if (total == 0) {
      return 0;
    }
    long low = (long) Math.max(0, Math.floor(mean - stdev));
    long high = (long) Math.ceil(mean + stdev);
    return 100.0 * micros.getCountBetweenValues(low, high) / total;
  }

  private static String rateLine(List<Double> rates, int threads) {
    if (rates.isEmpty()) {
      return String.format(Locale.ROOT, "%-11s %9s %9s %9s %8.2f%%%n", "    Req/Sec", "0.00", "0.00", "0.00", 0.0);
    }
    // Per thread, as wrk shows it: each interval's rate shared evenly by the threads.
    double[] perThread = rates.stream().mapToDouble(r -> r / threads).toArray();
    double mean = java.util.Arrays.stream(perThread).average().orElse(0);
    double variance = java.util.Arrays.stream(perThread).map(r -> (r - mean) * (r - mean)).sum()
        / Math.max(1, perThread.length - 1);
    double stdev = Math.sqrt(variance);
    double max = java.util.Arrays.stream(perThread).max().orElse(0);
    long within = java.util.Arrays.stream(perThread).filter(r -> r >= mean - stdev && r <= mean + stdev).count();
    return String.format(Locale.ROOT, "%-11s %9s %9s %9s %8.2f%%%n", "    Req/Sec", WrkUnits.count(mean),
        WrkUnits.count(stdev), WrkUnits.count(max), 100.0 * within / perThread.length);
  }

  private static String distribution(String title, Histogram micros) {
    StringBuilder out = new StringBuilder(title).append('\n');
    for (double p : DISTRIBUTION) {
      out.append(String.format(Locale.ROOT, "  %5.0f%% %10s%n", p, WrkUnits.time(micros.getValueAtPercentile(p))));
    }
    out.append(String.format(Locale.ROOT, "  %5s %10s%n", "99.9%", WrkUnits.time(micros.getValueAtPercentile(99.9))));
    return out.toString();
  }

  private static String seconds(double millis) {
    double s = millis / 1000;
    return s == Math.rint(s) ? String.format(Locale.ROOT, "%.0fs", s) : String.format(Locale.ROOT, "%.2fs", s);
  }
}
