package gauntlet.controller.report;

import gauntlet.controller.plan.Expectation;
import gauntlet.controller.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One expectation checked on one cell, on the cell's exactly merged figures (every load agent's
 * histograms summed, never percentiles averaged).
 *
 * @param cellId the cell
 * @param measured in the expectation's unit (requests/second, ms, share); empty when the cell failed
 */
public record ExpectationResult(String cellId, Expectation expectation, OptionalDouble measured, boolean passed) {

  /** Every cell of the run against what its runtime must meet, in cell then plan order. */
  public static List<ExpectationResult> of(RunResult run) {
    Plan plan = run.plan();
    List<ExpectationResult> results = new ArrayList<>();
    for (CellResult cell : run.cells()) {
      for (Expectation e : plan.expectations().forRuntime(cell.cell().runtime())) {
        if (cell.failed()) {
          results.add(new ExpectationResult(cell.cell().id(), e, OptionalDouble.empty(), false));
        } else {
          double measured = measured(cell, e.figure());
          results.add(new ExpectationResult(cell.cell().id(), e, OptionalDouble.of(measured), e.metBy(measured)));
        }
      }
    }
    return results;
  }

  /** Whether any expectation of the run failed. */
  public static boolean anyFailed(List<ExpectationResult> results) {
    return results.stream().anyMatch(r -> !r.passed());
  }

  static double measured(CellResult cell, Expectation.Figure figure) {
    LatencySummary l = cell.latency();
    return switch (figure) {
      case RPS -> cell.rps();
      case P50 -> l.p50Ms();
      case P90 -> l.p90Ms();
      case P99 -> l.p99Ms();
      case P999 -> l.p999Ms();
      case MAX -> l.maxMs();
      case ERRORS -> cell.errorShare();
    };
  }

  /** The measured value as the ledger shows it: "25,444 RPS", "12.31 ms", "0.02 %", or "cell failed". */
  public String measuredText() {
    if (measured.isEmpty()) {
      return "cell failed";
    }
    double v = measured.getAsDouble();
    return switch (expectation.figure()) {
      case RPS -> Figures.rps(v);
      case ERRORS -> Percent.format(v);
      default -> String.format(Locale.ROOT, "%.2f ms", v);
    };
  }

  /** e.g. "p99 < 25ms: measured 31.20 ms". */
  public String describe() {
    return expectation + ": measured " + measuredText();
  }
}
