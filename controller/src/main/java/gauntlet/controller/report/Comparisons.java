package gauntlet.controller.report;

import gauntlet.controller.stats.RatioInterval;
import java.util.ArrayList;
import java.util.List;

/** Every pair of cells that a ledger table puts side by side, on every {@link CellFigure}. */
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
              comparisons.add(new Comparison(figure, measured.get(i).cell().id(), measured.get(j).cell().id(),
                  RatioInterval.welchOnLogs(a, b)));
            }
          }
        }
      }
    }
    return comparisons;
  }
}
