package gauntlet.controller.report;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.plan.Cell;
import gauntlet.core.ErrorCounts;
import org.junit.jupiter.api.Test;

class CellOutcomeTest {
  private static final Cell CELL = new Cell(0, "go", 1, false);
  private static final LatencySummary LATENCY = new LatencySummary(1, 1, 1, 1, 1, 1);

  private static CellResult cell(long requests, ErrorCounts errors) {
    return SampleRuns.cell(CELL, requests, 10, 1000, errors, LATENCY, 90, 1 << 20);
  }

  @Test
  void errorsWithinTheBudgetAreOk() {
    // 99 connect errors in 9,901 + 99 = 10,000 requests: 0.99 %.
    assertThat(CellOutcome.of(cell(9_901, ErrorCounts.of(99, 0, 0, 0, 0)), 0.01)).isEqualTo(CellOutcome.OK);
  }

  @Test
  void errorsBeyondTheBudgetDegradeTheCellSayingByHowMuch() {
    CellOutcome outcome = CellOutcome.of(cell(9_000, ErrorCounts.of(0, 0, 0, 0, 500)), 0.01);

    assertThat(outcome.status()).isEqualTo(CellStatus.DEGRADED);
    assertThat(outcome.reason()).contains(
        "errors were 5.56 % of requests (500 of 9,000), more than load.max_errors (1 %)");
  }

  @Test
  void aFailureIsFailedWhateverItsFigures() {
    CellOutcome outcome = CellOutcome.of(cell(9_000, ErrorCounts.NONE).withFailure("the target stopped serving"), 0.01);

    assertThat(outcome.status()).isEqualTo(CellStatus.FAILED);
    assertThat(outcome.status().json()).isEqualTo("failed");
    assertThat(outcome.reason()).contains("the target stopped serving");
  }

  @Test
  void successCountsOnlyResponsesWithinTwoHundredToThreeNinetyNine() {
    CellResult answeredOnlyErrors = cell(500, ErrorCounts.of(10, 0, 0, 0, 500));

    assertThat(answeredOnlyErrors.succeeded()).isZero();
    assertThat(answeredOnlyErrors.attempts()).isEqualTo(510);
  }
}
