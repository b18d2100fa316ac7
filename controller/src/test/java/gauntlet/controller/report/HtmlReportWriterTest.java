package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.plan.Plan;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {
  private static RunResult measuredRun() {
    Plan plan = SampleRuns.plan(List.of("node", "bun", "go"), List.of(1.0), List.of(false), 0);
    List<Cell> cells = plan.cells();
    return new RunResult("r", plan, SampleRuns.STARTED, List.of(), List.of(
        SampleRuns.measured(cells.get(0), 1_780_000_000_000L, 5, 1),
        SampleRuns.measured(cells.get(1), 1_780_000_010_000L, 5, 2),
        SampleRuns.failed(cells.get(2), "go <build> failed & stopped")));
  }

  @Test
  void pageIsSelfContained() {
    String html = HtmlReportWriter.render(measuredRun());

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).doesNotContain("<script", "<link", "src=", "href=", "@import", "url(");
    // The SVG namespace is an identifier, never fetched; no other address appears.
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
  }

  @Test
  void pageHoldsTheLedgerAndBothChartsPerGroup() {
    String html = HtmlReportWriter.render(measuredRun());

    assertThat(html).contains("<h2>phase4 Ledger: 1 CPU Core</h2>", "<th>Node.js (1 Core)</th>",
        "<th>Bun (1 Core)</th>", "<td>Throughput (RPS)</td>");
    assertThat(Pattern.compile("<svg ").matcher(html).results().count()).isEqualTo(2);
    assertThat(html).contains("Throughput over time", "Latency by percentile", "99.9%");
    // One line per measured runtime in each chart; the failed cell draws none.
    assertThat(Pattern.compile("<polyline ").matcher(html).results().count()).isEqualTo(4);
    assertThat(html).contains("<td class=\"failed\">failed: go &lt;build&gt; failed &amp; stopped</td>");
  }

  @Test
  void throughputPointsAreRequestsPerSecondOfEachInterval() {
    CellResult cell = SampleRuns.measured(SampleRuns.phase4Plan().cells().get(0), 1_000, 3, 5);

    List<double[]> points = HtmlReportWriter.throughputPoints(cell.intervals());

    assertThat(points).hasSize(3);
    assertThat(points.get(0)).containsExactly(1.0, cell.intervals().get(0).getTotalCount());
    assertThat(points.get(2)).containsExactly(3.0, cell.intervals().get(2).getTotalCount());
  }

  @Test
  void percentilePointsFollowTheHistogram() {
    CellResult cell = SampleRuns.measured(SampleRuns.phase4Plan().cells().get(0), 1_000, 3, 5);

    List<double[]> points = HtmlReportWriter.percentilePoints(cell.histogram());

    assertThat(points.get(points.size() - 1)[0]).isEqualTo(100.0);
    assertThat(points.get(points.size() - 1)[1]).isEqualTo(cell.histogram().getMaxValue() / 1000.0);
    for (int i = 1; i < points.size(); i++) {
      assertThat(points.get(i)[0]).isGreaterThanOrEqualTo(points.get(i - 1)[0]);
      assertThat(points.get(i)[1]).isGreaterThanOrEqualTo(points.get(i - 1)[1]);
    }
  }
}
