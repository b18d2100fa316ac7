package gauntlet.cli.load;

import static gauntlet.controller.report.WrkUnits.column;

import gauntlet.agent.load.LoadOptions;
import gauntlet.controller.report.WrkUnits;
import gauntlet.core.ErrorClass;
import gauntlet.core.ErrorCounts;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.DoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * wrk's summary, line for line and column for column (wrk.c's printf formats and print_units), from
 * a run's exact histograms: a script that reads wrk's output reads this. In the open model (-R) it
 * also shows, as wrk2 does not, the uncorrected service time beside the corrected latency.
 */
final class WrkReport {
  private static final double[] DISTRIBUTION = {50, 75, 90, 99};

  private WrkReport() {}

  static String header(LoadOptions options) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Running %s test @ %s%n", duration(options), options.url()));
    out.append(String.format(Locale.ROOT, "  %d threads and %d connections%n", options.threads(), options.connections()));
    if (options.openModel()) {
      out.append(String.format(Locale.ROOT, "  open model: %,.0f requests/sec in total, latency from intended send time%n",
          options.rate()));
    }
    return out.toString();
  }

  /** wrk shows whole seconds (format_time_s); a sub-second part, which wrk cannot take, is shown too. */
  private static String duration(LoadOptions options) {
    long millis = options.duration().toMillis();
    return millis % 1000 == 0 ? WrkUnits.wholeSeconds(millis / 1000.0) : WrkUnits.time(millis * 1000.0);
  }

  static String summary(LoadOptions options, LoadTally tally, boolean latencyDistribution) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "  Thread Stats%6s%11s%8s%12s%n", "Avg", "Stdev", "Max", "+/- Stdev"));
    out.append(latencyLine("Latency", tally.latency()));
    if (tally.serviceTime() != null) {
      out.append(latencyLine("Service", tally.serviceTime()));
    }
    out.append(rateLine(tally.ratesPerSecond(), options.threads()));
    if (latencyDistribution) {
      out.append(distribution(tally.serviceTime() != null ? "  Latency Distribution (corrected)" : "  Latency Distribution",
          tally.latency()));
      if (tally.serviceTime() != null) {
        out.append(distribution("  Service Time Distribution (uncorrected)", tally.serviceTime()));
      }
    }
    double seconds = tally.seconds();
    out.append(String.format(Locale.ROOT, "  %d requests in %s, %s read%n", tally.requests(),
        WrkUnits.time(seconds * 1e6), WrkUnits.bytes(tally.bytes())));
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
    out.append(String.format(Locale.ROOT, "Requests/sec: %9.2f%n", seconds > 0 ? tally.requests() / seconds : 0));
    // wrk: "%10sB" after its binary units, which have no "B"; ours carry it.
    out.append(String.format(Locale.ROOT, "Transfer/sec: %11s%n", WrkUnits.bytes(seconds > 0 ? tally.bytes() / seconds : 0)));
    return out.toString();
  }

  /** wrk's print_stats: the name, then Avg, Stdev and Max in columns of 8, 10 and 9, then the share within. */
  private static String statsLine(String name, double mean, double stdev, double max, double within,
      DoubleFunction<String> unit) {
    return String.format(Locale.ROOT, "    %-10s", name) + column(unit.apply(mean), 8) + column(unit.apply(stdev), 10)
        + column(unit.apply(max), 9) + String.format(Locale.ROOT, "%8.2f%%%n", within);
  }

  private static String latencyLine(String name, Histogram micros) {
    double mean = micros.getMean();
    double stdev = micros.getStdDeviation();
    return statsLine(name, mean, stdev, micros.getMaxValue(), withinStdev(micros, mean, stdev), WrkUnits::time);
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
      return statsLine("Req/Sec", 0, 0, 0, 0, WrkUnits::count);
    }
    // Per thread, as wrk shows it: each interval's rate shared evenly by the threads.
    double[] perThread = rates.stream().mapToDouble(r -> r / threads).toArray();
    double mean = Arrays.stream(perThread).average().orElse(0);
    double variance = Arrays.stream(perThread).map(r -> (r - mean) * (r - mean)).sum()
        / Math.max(1, perThread.length - 1);
    double stdev = Math.sqrt(variance);
    double max = Arrays.stream(perThread).max().orElse(0);
    long within = Arrays.stream(perThread).filter(r -> r >= mean - stdev && r <= mean + stdev).count();
    return statsLine("Req/Sec", mean, stdev, max, 100.0 * within / perThread.length, WrkUnits::count);
  }

  /** wrk's print_stats_latency: "%7.0f%%" and the value in a column of 10. */
  private static String distribution(String title, Histogram micros) {
    StringBuilder out = new StringBuilder(title).append('\n');
    for (double p : DISTRIBUTION) {
      out.append(String.format(Locale.ROOT, "%7.0f%%", p)).append(column(WrkUnits.time(micros.getValueAtPercentile(p)), 10))
          .append('\n');
    }
    return out.toString();
  }
}
