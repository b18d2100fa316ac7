package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.Expectation;
import gauntlet.controller.plan.Expectations;
import gauntlet.controller.plan.Plan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JunitReportTest {

  private static RunResult withExpectations(Expectations expect) {
    RunResult run = SampleRuns.phase4();
    Plan p = run.plan();
    Plan plan = new Plan(p.name(), p.agents(), p.tokenFile(), p.tls(), p.ssh(), p.target(), p.load(), p.onAgentLoss(),
        p.cells(), p.repetitions(), expect);
    return new RunResult(run.runId(), plan, run.started(), run.agents(), run.cells());
  }

  @Test
  void everyCellAndExpectationIsATestcaseAndEachUnmetOneAFailure() throws Exception {
    // Phase 4: node 31,025 RPS and p99 48.31 ms; go 37,617 and 30.12 ms; bun 53,446 and 15.07 ms.
    RunResult run = withExpectations(new Expectations(
        List.of(Expectation.parse("rps", ">= 35000"), Expectation.parse("p99", "< 40ms")), Map.of()));
    List<ExpectationResult> results = ExpectationResult.of(run);

    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(JunitReport.render(run.runId(), results).getBytes(StandardCharsets.UTF_8)));

    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(6);
    Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("tests")).isEqualTo("6");
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    assertThat(((Element) xml.getElementsByTagName("failure").item(0)).getAttribute("message"))
        .isEqualTo("rps >= 35000: measured 31,025 RPS");
    assertThat(((Element) xml.getElementsByTagName("failure").item(1)).getAttribute("message"))
        .isEqualTo("p99 < 40ms: measured 48.31 ms");
    assertThat(ExpectationResult.anyFailed(results)).isTrue();
  }

  @Test
  void theLedgerHasAnExpectationsSectionWithEachMeasuredValue() {
    RunResult run = withExpectations(new Expectations(List.of(Expectation.parse("p99", "< 40ms")), Map.of()));

    assertThat(LedgerWriter.render(run)).contains("## Expectations\n\n1 of 3 not met.\n\n"
        + "- FAIL node-4cpu-cluster: p99 < 40ms: measured 48.31 ms\n"
        + "- pass go-4cpu-cluster: p99 < 40ms: measured 30.12 ms\n");
  }

  @Test
  void aFailedCellMeetsNoExpectation() {
    RunResult run = withExpectations(new Expectations(List.of(Expectation.parse("errors", "< 1%")), Map.of()));
    RunResult failed = new RunResult(run.runId(), run.plan(), run.started(), run.agents(),
        List.of(SampleRuns.failed(run.plan().cells().get(0), "no request succeeded")));

    assertThat(ExpectationResult.of(failed)).singleElement()
        .satisfies(r -> assertThat(r.passed()).isFalse())
        .satisfies(r -> assertThat(r.describe()).isEqualTo("errors < 1%: measured cell failed"));
  }
}
