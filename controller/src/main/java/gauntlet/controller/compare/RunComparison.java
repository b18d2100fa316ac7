package gauntlet.controller.compare;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.stats.MeanInterval;
import gauntlet.controller.stats.RatioInterval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two runs side by side, cell by cell: {@code gauntlet compare BASE NEW}. Cells match by
 * configuration (their id: runtime, quota, cluster, listing); cells left over on both sides match
 * when one runtime/cluster/listing is left on each, so a rerun at another quota compares with the
 * note "cpus 1 → 0.5". Each figure's change is the ratio of the repetitions' geometric means with
 * Welch's interval on logs, as the ledger's comparisons; a change is significant when that
 * interval excludes 1, or, for single runs, when it exceeds the ledger's noise floor.
 *
 * @param unmatchedBase base cells with no counterpart, likewise {@code unmatchedCurrent}
 */
public record RunComparison(RecordedRun base, RecordedRun current, double maxRegression, List<CellChange> cells,
    List<RecordedCell> unmatchedBase, List<RecordedCell> unmatchedCurrent) {
  /** The share a single run's change must exceed to count: the same floor as the ledger's trophies. */
  public static final double NOISE_FLOOR = 0.30;

  public RunComparison {
    cells = List.copyOf(cells);
    unmatchedBase = List.copyOf(unmatchedBase);
    unmatchedCurrent = List.copyOf(unmatchedCurrent);
  }

  public boolean regressed() {
    return cells.stream().anyMatch(CellChange::regressed);
  }

  /** @param maxRegression the worsening allowed before it counts as a regression, e.g. 0.05 */
  public static RunComparison of(RecordedRun base, RecordedRun current, double maxRegression) {
    Map<String, RecordedCell> left = new LinkedHashMap<>();
    base.cells().forEach(c -> left.put(c.id(), c));
    Map<String, RecordedCell> right = new LinkedHashMap<>();
    current.cells().forEach(c -> right.put(c.id(), c));
    List<CellChange> changes = new ArrayList<>();
    for (RecordedCell cell : base.cells()) {
      RecordedCell other = right.remove(cell.id());
      if (other != null) {
        left.remove(cell.id());
        changes.add(change(cell, other, "", maxRegression));
      }
    }
    for (RecordedCell cell : new ArrayList<>(left.values())) {
      List<RecordedCell> sameFamilyLeft = left.values().stream().filter(c -> c.family().equals(cell.family())).toList();
      List<RecordedCell> sameFamilyRight = right.values().stream().filter(c -> c.family().equals(cell.family())).toList();
      if (sameFamilyLeft.size() == 1 && sameFamilyRight.size() == 1) {
        RecordedCell other = sameFamilyRight.get(0);
        left.remove(cell.id());
        right.remove(other.id());
        changes.add(change(cell, other, "cpus " + Cell.formatCpus(cell.cpus()) + " → " + Cell.formatCpus(other.cpus()),
            maxRegression));
      }
    }
    return new RunComparison(base, current, maxRegression, changes, new ArrayList<>(left.values()),
        new ArrayList<>(right.values()));
  }

  private static CellChange change(RecordedCell base, RecordedCell current, String note, double maxRegression) {
    List<FigureChange> figures = new ArrayList<>();
    for (String figure : RecordedCell.FIGURES) {
      double[] a = base.figures().getOrDefault(figure, new double[0]);
      double[] b = current.figures().getOrDefault(figure, new double[0]);
      if (a.length == 0 || b.length == 0) {
        continue;
      }
      RatioInterval ratio = RatioInterval.welchOnLogs(b, a);
      boolean significant = ratio.ci95().isPresent() ? ratio.significant()
          : Math.abs(Math.log(ratio.ratio())) > Math.log(1 + NOISE_FLOOR);
      boolean higherIsBetter = figure.equals("rps");
      boolean worseBeyondLimit = higherIsBetter ? ratio.ratio() < 1 - maxRegression : ratio.ratio() > 1 + maxRegression;
      figures.add(new FigureChange(figure, MeanInterval.of(a).mean(), MeanInterval.of(b).mean(), ratio.ratio(),
          ratio.ci95(), significant, significant && worseBeyondLimit));
    }
    return new CellChange(base, current, note, figures);
  }

  /** The change's interval as the ledger writes it, when there is one. */
  static Optional<String> interval(FigureChange change) {
    return change.ci95().map(ci -> String.format(java.util.Locale.ROOT, "[%.2f–%.2f]", ci.lo(), ci.hi()));
  }
}
