package gauntlet.controller.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run as {@code report.html}: one self-contained page with the ledger tables and interactive
 * charts (uPlot, inlined with the data, so nothing is fetched): for every table its cells overlaid,
 * then every cell on its own — throughput, latency per second, errors by class, target CPU against
 * its quota and memory, load generator CPU per agent, and latency by percentile on HdrHistogram's
 * log axis.
 */
public final class HtmlReportWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:1.5em auto;
      max-width:1180px;padding:0 1em;color:#1d1d1f;background:#fff;line-height:1.4}
      h1{font-size:1.6em;margin-bottom:.3em}h2{font-size:1.3em;margin-top:2em;border-bottom:2px solid #1d1d1f;
      padding-bottom:.2em}h3{font-size:1.05em;margin:1.4em 0 .4em;color:#333}
      table.ledger{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums}
      table.ledger th,table.ledger td{border:1px solid #ccc;padding:.35em .7em;text-align:right;white-space:nowrap}
      table.ledger th{background:#f4f4f6}table.ledger td:first-child,table.ledger th:first-child{text-align:left}
      table.ledger td.failed{color:#b00020;text-align:left;white-space:normal}
      ul.summary{color:#444;padding-left:1.2em}ul.notes{font-size:.92em;color:#333}
      .legend{font-size:.92em;color:#333}
      svg.sym{width:1.05em;height:1.05em;vertical-align:-.16em;margin-left:.15em}
      .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:1em 1.2em}
      .chart{min-width:0;border:1px solid #e3e3e8;border-radius:4px;padding:.3em .3em 0;background:#fff;
      break-inside:avoid;page-break-inside:avoid}.chart[id$="-percentiles"]{grid-column:1/-1}
      .uplot{font-family:inherit;width:100%}.u-title{font-size:14px !important;font-weight:600}
      .u-legend{font-size:12px}.u-legend .u-marker{width:.9em;height:.9em}
      .tip{position:absolute;z-index:10;pointer-events:none;background:rgba(255,255,255,.96);border:1px solid #bbb;
      border-radius:4px;padding:.35em .55em;font-size:12px;line-height:1.45;white-space:nowrap;
      box-shadow:0 2px 6px rgba(0,0,0,.15);font-variant-numeric:tabular-nums}
      .tip-x{font-weight:600;margin-bottom:.15em}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.35em;
      border-radius:2px;vertical-align:-.05em}
      details.cell{margin:1em 0;border-top:1px solid #ddd;padding-top:.4em}
      details.cell>summary{cursor:pointer;font-weight:600;font-size:1.02em;padding:.3em 0}
      details.cell>summary span{font-weight:400;color:#555}
      footer{margin:3em 0 1em;font-size:.85em;color:#666}
      @media print{@page{margin:12mm}body{max-width:none;margin:0;font-size:9.5pt}.tip{display:none !important}
      .charts{grid-template-columns:repeat(2,minmax(0,1fr));gap:.5em}.chart{padding:.1em;border-color:#ccc}
      .u-title{font-size:11px !important}.u-legend{font-size:9px}h3,details.cell>summary{break-after:avoid;
      page-break-after:avoid}h2{break-before:page;page-break-before:always}
      h2:first-of-type{break-before:auto;page-break-before:auto}details.cell>summary{list-style:none}
      table.ledger th,table.ledger td{padding:.2em .45em}}
      """;

  private HtmlReportWriter() {}

  /** The page as text. */
  public static String render(RunResult run) {
    UPlotAssets uplot = UPlotAssets.load();
    Ledger ledger = LedgerBuilder.build(run);
    List<ChartSpec> charts = new ArrayList<>();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(ledger.title())).append("</title>\n")
        .append("<style>\n").append(uplot.stylesheet()).append('\n').append(STYLE).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(Html.escape(ledger.title())).append("</h1>\n<ul class=\"summary\">\n");
    for (String line : ledger.summary()) {
      html.append("<li>").append(Symbols.html(line)).append("</li>\n");
    }
    html.append("</ul>\n");
    if (ledger.tables().isEmpty()) {
      html.append("<p>No cell has finished yet.</p>\n");
    } else {
      html.append(Symbols.legend());
    }
    int tableIndex = 0;
    for (LedgerTable table : ledger.tables()) {
      tableIndex++;
      html.append("<h2>").append(Html.escape(table.title())).append("</h2>\n");
      appendTable(html, table);
      if (!table.notes().isEmpty()) {
        html.append("<ul class=\"notes\">\n");
        for (String note : table.notes()) {
          html.append("<li>").append(Symbols.html(note)).append("</li>\n");
        }
        html.append("</ul>\n");
      }
      html.append("<p class=\"legend\">");
      for (String line : table.legend()) {
        html.append(Symbols.html(line)).append("<br>\n");
      }
      html.append("</p>\n");
      List<ReportCharts.Drawn> drawn = ReportCharts.drawn(table);
      if (drawn.isEmpty()) {
        continue;
      }
      if (drawn.size() > 1) {
        html.append("<h3>All cells of this table</h3>\n");
        appendCharts(html, charts, ReportCharts.overlaid("t" + tableIndex, drawn, run));
      }
      int cellIndex = 0;
      for (ReportCharts.Drawn cell : drawn) {
        cellIndex++;
        html.append("<details class=\"cell\" open>\n<summary>").append(Html.escape(cell.header()))
            .append(" <span>").append(Html.escape(cellSummary(cell.cell()))).append("</span></summary>\n");
        appendCharts(html, charts, ReportCharts.single("t" + tableIndex + "c" + cellIndex, cell, run));
        html.append("</details>\n");
      }
    }
    html.append("<footer>Gauntlet report. Charts drawn by uPlot ").append(Html.escape(uplot.version()))
        .append(" (MIT licence), inlined with their data: this file needs no network. Hover a chart for exact")
        .append(" values; drag to zoom, double-click to zoom out; click a legend entry to hide its line.</footer>\n");
    html.append("<script type=\"application/json\" id=\"gauntlet-charts\">").append(json(charts)).append("</script>\n")
        .append("<script>\n").append(uplot.script()).append("\n</script>\n")
        .append("<script>\n").append(uplot.reportScript()).append("</script>\n")
        .append("</body>\n</html>\n");
    return html.toString();
  }

  private static void appendCharts(StringBuilder html, List<ChartSpec> all, List<ChartSpec> charts) {
    html.append("<div class=\"charts\">\n");
    for (ChartSpec chart : charts) {
      html.append("<div class=\"chart\" id=\"").append(chart.id()).append("\"></div>\n");
      all.add(chart);
    }
    html.append("</div>\n");
  }

  private static String cellSummary(CellResult cell) {
    return String.format(Locale.ROOT, "%s requests in %.1f s · %s · p99 %s · %s failed", Figures.count(cell.requests()),
        cell.durationSeconds(), Figures.rps(cell.rps()), Figures.millis(cell.latency().p99Ms()),
        Figures.count(cell.errors().total()));
  }

  private static void appendTable(StringBuilder html, LedgerTable table) {
    html.append("<table class=\"ledger\">\n<thead><tr><th>Metric</th>");
    for (LedgerColumn column : table.columns()) {
      html.append("<th>").append(Html.escape(column.header())).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (LedgerRow row : table.rows()) {
      html.append("<tr><td>").append(Html.escape(row.metric())).append("</td>");
      for (int i = 0; i < row.values().size(); i++) {
        boolean failed = table.columns().get(i).cell().map(CellResult::failed).orElse(false);
        html.append(failed ? "<td class=\"failed\">" : "<td>").append(Symbols.html(row.values().get(i))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  /** The chart specs as JSON that cannot end the script element it sits in. */
  static String json(List<ChartSpec> charts) {
    try {
      return MAPPER.writeValueAsString(charts).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Chart specs are plain records and always serialise", e);
    }
  }
}
