package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {
  private static final Pattern CHART_DATA =
      Pattern.compile("<script type=\"application/json\" id=\"gauntlet-charts\">(.*?)</script>", Pattern.DOTALL);

  private static RunResult measuredRun() {
    Plan plan = SampleRuns.plan(List.of("node", "bun", "go"), List.of(1.0), List.of(false), 0);
    List<Cell> cells = plan.cells();
    return new RunResult("r", plan, SampleRuns.STARTED, List.of(), List.of(
        SampleRuns.measured(cells.get(0), 1_780_000_000_000L, 5, 1),
        SampleRuns.measured(cells.get(1), 1_780_000_010_000L, 5, 2),
        SampleRuns.failed(cells.get(2), "go <build> failed & stopped")));
  }

  private static JsonNode charts(String html) throws Exception {
    Matcher m = CHART_DATA.matcher(html);
    assertThat(m.find()).isTrue();
    return new ObjectMapper().readTree(m.group(1));
  }

  /** Every http:// or https:// in the text, but the XML namespaces (identifiers, never fetched). */
  static List<String> addresses(String html) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile("https?://[^\\s\"'<>)]*").matcher(html);
    while (m.find()) {
      if (!m.group().startsWith("http://www.w3.org/")) {
        found.add(m.group());
      }
    }
    return found;
  }

  @Test
  void pageIsSelfContained() {
    String html = HtmlReportWriter.render(measuredRun());

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).doesNotContain("<link", "src=", "href=", "@import", "url(");
    assertThat(addresses(html)).isEmpty();
    // uPlot itself is inlined, with its MIT notice.
    assertThat(html).contains("var uPlot=", "Copyright (c) 2022 Leon Sorokin", ".uplot");
  }

  @Test
  void addressCheckFindsWhatItMustRefuse() {
    assertThat(addresses("<a href=\"https://example.org/x\">x</a> <svg xmlns=\"http://www.w3.org/2000/svg\">"))
        .containsExactly("https://example.org/x");
  }

  @Test
  void pageHoldsTheLedgerOverlaidChartsAndEachCellsOwn() throws Exception {
    String html = HtmlReportWriter.render(measuredRun());

    assertThat(html).contains("<h2>phase4 Ledger: 1 CPU Core</h2>", "<th>Node.js (1 Core)</th>",
        "<th>Bun (1 Core)</th>", "<td>Throughput (RPS)</td>");
    assertThat(html).contains("<td class=\"failed\">failed: go &lt;build&gt; failed &amp; stopped</td>");
    JsonNode charts = charts(html);
    // 7 overlaid for the table, 7 for each of the two measured cells; the failed cell draws none.
    assertThat(charts).hasSize(21);
    for (JsonNode chart : charts) {
      assertThat(html).contains("<div class=\"chart\" id=\"" + chart.get("id").asText() + "\"></div>");
    }
    assertThat(charts.get(0).get("title").asText()).isEqualTo("Throughput");
    assertThat(charts.get(0).get("series")).hasSize(2);
    assertThat(charts.get(0).get("series").get(0).get("label").asText()).isEqualTo("Node.js (1 Core)");
  }

  @Test
  void cellChartsCarryTheTimelineQuotaAndEveryErrorClass() throws Exception {
    RunResult run = measuredRun();
    CellResult node = run.cells().get(0);
    JsonNode charts = charts(HtmlReportWriter.render(run));
    JsonNode rps = find(charts, "t1c1-rps");
    JsonNode errors = find(charts, "t1c1-errors");
    JsonNode cpu = find(charts, "t1c1-cpu");
    JsonNode latency = find(charts, "t1c1-latency");

    assertThat(rps.get("x").toString()).isEqualTo("[1.0,2.0,3.0,4.0,5.0]");
    assertThat(rps.get("ys").get(0).get(2).asLong()).isEqualTo(node.timeline().load().get(2).requests());
    assertThat(errors.get("series")).extracting(s -> s.get("label").asText())
        .containsExactly("connect", "read", "write", "timeout", "status");
    assertThat(errors.get("ys").get(3).toString()).isEqualTo("[0.0,1.0,0.0,0.0,0.0]");
    assertThat(cpu.get("series").get(1).get("label").asText()).isEqualTo("quota 1 cpu");
    assertThat(cpu.get("ys").get(1).get(0).asDouble()).isEqualTo(100.0);
    assertThat(cpu.get("ys").get(0).get(0).asDouble()).isEqualTo(85.0);
    assertThat(latency.get("yLog").asBoolean()).isTrue();
    assertThat(latency.get("series")).extracting(s -> s.get("label").asText())
        .containsExactly("p50", "p90", "p99", "max");
    assertThat(latency.get("ys").get(2).get(0).asDouble()).isEqualTo(node.timeline().load().get(0).latency().p99Ms());
    assertThat(find(charts, "t1c1-agents").get("series").get(0).get("label").asText()).isEqualTo("attacker");
    assertThat(find(charts, "t1-latency").get("series")).hasSize(4);
  }

  @Test
  void percentilesLieOnHdrHistogramsAxisAndEndAtTheMaximum() {
    CellResult cell = SampleRuns.measured(SampleRuns.phase4Plan().cells().get(0), 1_000, 3, 5);

    Map<Double, Double> points = ReportCharts.percentiles(cell.histogram());

    List<Double> xs = new ArrayList<>(points.keySet());
    assertThat(xs.get(0)).isEqualTo(1.0);
    assertThat(xs.get(5)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(points.get(xs.get(5))).isEqualTo(cell.histogram().getValueAtPercentile(50) / 1000.0);
    assertThat(xs.get(xs.size() - 1)).isEqualTo((double) cell.histogram().getTotalCount());
    assertThat(points.get(xs.get(xs.size() - 1))).isEqualTo(cell.histogram().getMaxValue() / 1000.0);
    List<Double> ys = new ArrayList<>(points.values());
    for (int i = 1; i < ys.size(); i++) {
      assertThat(xs.get(i)).isGreaterThan(xs.get(i - 1));
      assertThat(ys.get(i)).isGreaterThanOrEqualTo(ys.get(i - 1));
    }
  }

  @Test
  void symbolsAreDrawnNotLeftToFonts() {
    String html = HtmlReportWriter.render(SampleRuns.phase4());

    assertThat(html).doesNotContain(Trophies.TROPHY, "\u26A0");
    assertThat(html).contains(Symbols.TROPHY_SVG, "<p class=\"legend\">");
  }

  @Test
  void scriptDataCannotCloseItsElement() {
    ChartSpec spec = new ChartSpec("c", "a </script> title", "time", "x", "y", "rps", false,
        List.of(new ChartSpec.Line("l", "#000", 1, false)), List.of(1.0), List.of(List.of(2.0)));

    assertThat(HtmlReportWriter.json(List.of(spec))).doesNotContain("</").contains("\\u003c/script>");
  }

  private static JsonNode find(JsonNode charts, String id) {
    for (JsonNode chart : charts) {
      if (chart.get("id").asText().equals(id)) {
        return chart;
      }
    }
    throw new AssertionError("no chart " + id);
  }
}
