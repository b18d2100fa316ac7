package gauntlet.controller.report;

import gauntlet.controller.plan.Runtimes;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The run as {@code report.html}: one self-contained page (inline CSS and SVG, no script, no CDN,
 * no web fonts) with the ledger tables, throughput over time per cell and latency percentile curves.
 */
public final class HtmlReportWriter {
  private static final String[] PALETTE = {"#7b61ff", "#d9534f", "#f0ad4e", "#5cb85c", "#8a6d3b", "#337ab7"};
  /** HdrHistogram's percentile plots use 5 ticks per half distance to 100%. */
  private static final int TICKS_PER_HALF_DISTANCE = 5;

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1100px;
      padding:0 1em;color:#1d1d1f;background:#fff}
      h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
      table{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums}
      th,td{border:1px solid #ccc;padding:.35em .7em;text-align:right}th{background:#f4f4f6}
      td:first-child,th:first-child{text-align:left}
      td.failed{color:#b00020;text-align:left}ul.summary{color:#444}ul.notes{font-size:.92em;color:#333}
      .charts{display:flex;flex-wrap:wrap;gap:1em}
      svg{background:#fcfcfd;border:1px solid #e3e3e8;max-width:100%;height:auto}
      svg .grid{stroke:#e6e6ea;stroke-width:1}svg .tick{font-size:11px;fill:#555}
      svg .axis{font-size:12px;fill:#333}svg .title{font-size:14px;font-weight:600;fill:#1d1d1f}
      svg .legend{font-size:12px;fill:#333}
      """;

  private HtmlReportWriter() {}

  /** The page as text. */
  public static String render(RunResult run) {
    Ledger ledger = LedgerBuilder.build(run);
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(ledger.title())).append("</title>\n")
        .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(Html.escape(ledger.title())).append("</h1>\n<ul class=\"summary\">\n");
    for (String line : ledger.summary()) {
      html.append("<li>").append(Html.escape(line)).append("</li>\n");
    }
    html.append("</ul>\n");
    if (ledger.tables().isEmpty()) {
      html.append("<p>No cell has finished yet.</p>\n");
    }
    for (LedgerTable table : ledger.tables()) {
      html.append("<h2>").append(Html.escape(table.title())).append("</h2>\n");
      appendTable(html, table);
      if (!table.notes().isEmpty()) {
        html.append("<ul class=\"notes\">\n");
        for (String note : table.notes()) {
          html.append("<li>").append(Html.escape(note)).append("</li>\n");
        }
        html.append("</ul>\n");
      }
      appendCharts(html, table);
    }
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static void appendTable(StringBuilder html, LedgerTable table) {
    html.append("<table>\n<thead><tr><th>Metric</th>");
    for (LedgerColumn column : table.columns()) {
      html.append("<th>").append(Html.escape(column.header())).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (LedgerRow row : table.rows()) {
      html.append("<tr><td>").append(Html.escape(row.metric())).append("</td>");
      for (int i = 0; i < row.values().size(); i++) {
        boolean failed = table.columns().get(i).cell().map(CellResult::failed).orElse(false);
        html.append(failed ? "<td class=\"failed\">" : "<td>").append(Html.escape(row.values().get(i))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static void appendCharts(StringBuilder html, LedgerTable table) {
    List<SvgLineChart.Series> throughput = new ArrayList<>();
    List<SvgLineChart.Series> percentiles = new ArrayList<>();
    int colour = 0;
    for (LedgerColumn column : table.columns()) {
      if (column.cell().isEmpty() || column.cell().get().intervals().isEmpty()) {
        colour++;
        continue;
      }
      CellResult cell = column.cell().get();
      String color = color(column.runtime(), colour++);
      throughput.add(new SvgLineChart.Series(column.header(), color, throughputPoints(cell.intervals())));
      if (cell.histogram().getTotalCount() > 0) {
        percentiles.add(new SvgLineChart.Series(column.header(), color, percentilePoints(cell.histogram())));
      }
    }
    if (throughput.isEmpty()) {
      return;
    }
    html.append("<div class=\"charts\">\n");
    html.append(SvgLineChart.render("Throughput over time", "seconds into the measured window", "requests/s",
        SvgLineChart.XScale.LINEAR, throughput));
    if (!percentiles.isEmpty()) {
      html.append(SvgLineChart.render("Latency by percentile", "percentile", "latency (ms)",
          SvgLineChart.XScale.PERCENTILE, percentiles));
    }
    html.append("</div>\n");
  }

  /** Requests per second of each interval, at the interval's end (seconds since the first began). */
  static List<double[]> throughputPoints(List<Histogram> intervals) {
    List<double[]> points = new ArrayList<>();
    long base = intervals.get(0).getStartTimeStamp();
    for (Histogram interval : intervals) {
      double seconds = (interval.getEndTimeStamp() - interval.getStartTimeStamp()) / 1000.0;
      if (seconds > 0) {
        points.add(new double[] {(interval.getEndTimeStamp() - base) / 1000.0, interval.getTotalCount() / seconds});
      }
    }
    return points;
  }

  /** (percentile, latency ms) along HdrHistogram's percentile iteration. */
  static List<double[]> percentilePoints(Histogram micros) {
    List<double[]> points = new ArrayList<>();
    for (HistogramIterationValue value : micros.percentiles(TICKS_PER_HALF_DISTANCE)) {
      points.add(new double[] {value.getPercentileLevelIteratedTo(), value.getValueIteratedTo() / 1000.0});
    }
    return points;
  }

  private static String color(String runtime, int index) {
    return Runtimes.chartColor(runtime).orElse(PALETTE[index % PALETTE.length]);
  }
}
