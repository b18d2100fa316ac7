package gauntlet.controller.report;

import gauntlet.controller.stats.RatioInterval;
import java.util.ArrayList;
import java.util.List;

/**
 * Every pair of cells that a ledger table puts side by side, on every {@link CellFigure}: {@code a}
 * over {@code b}, {@code b} being the better of the two on that figure (higher throughput, lower
 * latency), so a throughput ratio reads like the ledger's "vs best" (0.51×).
 */
public final class Comparisons {
  private Comparisons() {}

  public static List<Comparison> of(RunResult run) {
    List<Comparison> comparisons = new ArrayList<>();
    for (List<CellResult> table : LedgerBuilder.tables(run)) {
      List<CellResult> measured = table.stream().filter(c -> !c.failed()).toList();
      for (CellFigure figure : CellFigure.values()) {
        for (int i = 0; i < measured.size(); i++) {
          for (int j = i + 1; j < measured.size(); j++) {
            double[] a = figure.of(run.runsOf(measured.get(i)));
            double[] b = figure.of(run.runsOf(measured.get(j)));
            if (a.length > 0 && b.length > 0) {
              CellResult first = measured.get(i);
              CellResult second = measured.get(j);
              // b is the better of the two on this figure, as in the ledger's "vs best": 0.51× its throughput.
              boolean firstBetter = figure.higherIsBetter() == (mean(a) > mean(b));
              comparisons.add(firstBetter
                  ? new Comparison(figure, second.cell().id(), first.cell().id(), RatioInterval.welchOnLogs(b, a))
                  : new Comparison(figure, first.cell().id(), second.cell().id(), RatioInterval.welchOnLogs(a, b)));
            }
          }
        }
      }
    }
    return comparisons;
  }

  private static double mean(double[] values) {
    return java.util.Arrays.stream(values).average().orElse(0);
  }
}
