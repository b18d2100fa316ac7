package gauntlet.controller.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Series with their own x values laid on one shared x column, as uPlot wants: the union of every
 * series' x, null where a series has no point.
 */
final class AlignedColumns {
  private final List<ChartSpec.Line> lines = new ArrayList<>();
  private final List<TreeMap<Double, Double>> points = new ArrayList<>();
  private final TreeSet<Double> domain = new TreeSet<>();

  /** x values the chart spans even where no series has a point (the load's seconds, for the target's readings). */
  AlignedColumns domain(List<Double> xs) {
    domain.addAll(xs);
    return this;
  }

  /** Adds a series; a later point at the same x replaces an earlier one. */
  AlignedColumns add(ChartSpec.Line line, Map<Double, Double> values) {
    lines.add(line);
    points.add(new TreeMap<>(values));
    return this;
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  ChartSpec chart(String id, String title, String kind, String xLabel, String yLabel, String unit, boolean yLog) {
    TreeSet<Double> xs = new TreeSet<>(domain);
    points.forEach(p -> xs.addAll(p.keySet()));
    List<List<Double>> ys = new ArrayList<>();
    for (TreeMap<Double, Double> p : points) {
      List<Double> column = new ArrayList<>(xs.size());
      for (Double x : xs) {
        column.add(p.get(x));
      }
      ys.add(column);
    }
    return new ChartSpec(id, title, kind, xLabel, yLabel, unit, yLog, lines, new ArrayList<>(xs), ys);
  }
}
