package gauntlet.controller.report;

import java.util.List;

/**
 * One chart of report.html as its script draws it: uPlot's column layout, one x column and one y
 * column per series, null where a series has no value at that x.
 *
 * @param kind {@code time} (x in seconds into the measured window) or {@code percentile} (x is
 *     HdrHistogram's 1/(1-p), drawn on a log axis labelled 90%, 99%, 99.9%...)
 * @param unit how the tooltip writes exact values: rps, ms, pct, mib or count
 */
record ChartSpec(String id, String title, String kind, String xLabel, String yLabel, String unit, boolean yLog,
    List<Line> series, List<Double> x, List<List<Double>> ys) {

  /** A series: its legend label, colour, width in pixels, and whether it is dashed (limits, p50). */
  record Line(String label, String color, double width, boolean dash) {}

  ChartSpec {
    series = List.copyOf(series);
    x = List.copyOf(x);
    ys = ys.stream().map(java.util.Collections::unmodifiableList).toList();
    if (series.size() != ys.size()) {
      throw new IllegalArgumentException(series.size() + " series but " + ys.size() + " columns of values");
    }
  }

  /** True when at least one series has a value to draw. */
  boolean hasData() {
    return ys.stream().anyMatch(column -> column.stream().anyMatch(v -> v != null));
  }
}
