package gauntlet.controller.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * report.html: one self-contained page (no CDN, no script) with the ledger, throughput over time
 * and the latency-by-percentile curves of every cell, drawn as inline SVG.
 */
public final class HtmlReportWriter {
  private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100};

  private HtmlReportWriter() {}

  public static String render(RunResult run) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    html.append("<title>Gauntlet: ").append(Html.escape(run.plan().name())).append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}")
        .append("thead th{background:#f0f0f0}tbody th{text-align:left;font-weight:normal}code{background:#f4f4f4;padding:0 3px}")
        .append("svg{margin:0.5em 0 1.5em}")
        .append("</style></head><body>\n");
    html.append(Html.fromLedger(LedgerWriter.render(run)));
    List<CellResult> measured = run.cells().stream().filter(c -> !c.failed() && !c.intervals().isEmpty()).toList();
    if (!measured.isEmpty()) {
      html.append("<h2>Throughput over time</h2>\n").append(throughput(measured)).append('\n');
      html.append("<h2>Latency by percentile</h2>\n").append(percentiles(measured)).append('\n');
    }
    html.append("<p>Made by Gauntlet. Latencies are exact merges of every load agent's HdrHistograms; ")
        .append("the .hlog files beside this page hold the interval histograms.</p>\n</body></html>\n");
    return html.toString();
  }

  private static String throughput(List<CellResult> cells) {
    List<SvgChart.Series> series = new ArrayList<>();
    for (CellResult c : cells) {
      List<Histogram> intervals = c.intervals();
      double origin = intervals.get(0).getStartTimeStamp();
      double[] x = new double[intervals.size()];
      double[] y = new double[intervals.size()];
      for (int i = 0; i < intervals.size(); i++) {
        Histogram h = intervals.get(i);
        double seconds = Math.max(1, h.getEndTimeStamp() - h.getStartTimeStamp()) / 1000.0;
        x[i] = (h.getEndTimeStamp() - origin) / 1000.0;
        y[i] = h.getTotalCount() / seconds;
      }
      series.add(new SvgChart.Series(LedgerWriter.columnTitle(c), x, y));
    }
    return SvgChart.render("Throughput over time", "seconds into the measured window", "requests / second", series,
        SvgChart.linear(v -> String.format(Locale.ROOT, "%.0f", v)),
        SvgChart.linear(v -> String.format(Locale.ROOT, "%,.0f", v)));
  }

  private static String percentiles(List<CellResult> cells) {
    List<SvgChart.Series> series = new ArrayList<>();
    for (CellResult c : cells) {
      Histogram h = c.histogram();
      double[] x = new double[PERCENTILES.length];
      double[] y = new double[PERCENTILES.length];
      for (int i = 0; i < PERCENTILES.length; i++) {
        double p = Math.min(PERCENTILES[i], 99.9999);
        // HdrHistogram's plots: 1 / (1 - percentile) on a log axis spreads out the tail.
        x[i] = 1 / (1 - p / 100);
        y[i] = Math.max(0.001, h.getValueAtPercentile(PERCENTILES[i]) / 1000.0);
      }
      series.add(new SvgChart.Series(LedgerWriter.columnTitle(c), x, y));
    }
    return SvgChart.render("Latency by percentile", "percentile", "latency (ms)", series,
        SvgChart.log(HtmlReportWriter::percentileLabel), SvgChart.log(v -> v >= 1 ? String.format(Locale.ROOT, "%.0f", v)
            : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "")));
  }

  private static String percentileLabel(double inverse) {
    double p = 100 * (1 - 1 / inverse);
    if (p <= 0) {
      return "0%";
    }
    return String.format(Locale.ROOT, "%s%%", new java.math.BigDecimal(p).round(new java.math.MathContext(6))
        .stripTrailingZeros().toPlainString());
  }
}
