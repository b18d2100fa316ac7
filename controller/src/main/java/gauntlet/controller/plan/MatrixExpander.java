package gauntlet.controller.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands runtimes x cpus x cluster into cells, in plan order, runtimes innermost: the runtimes
 * of one ledger table run back to back, so drift on a shared machine (noisy neighbours, heat)
 * touches a comparison as little as possible, and an interrupted run leaves whole tables.
 * Go has no clustered variant, so it is not run twice for the same cpus: when cluster lists both
 * false and true it runs once, unclustered; when cluster is only true it runs natively in the
 * clustered group ({@link Cell#clusterNative()}). A runtime listed twice becomes two cells (an A/A
 * control), the second with {@link Cell#copy()} 1.
 */
public final class MatrixExpander {
  private MatrixExpander() {}

  /** The cells of runtimes x cpus x cluster, in plan order, indexed from 0. */
  public static List<Cell> expand(List<String> runtimes, List<Double> cpus, List<Boolean> cluster) {
    List<Cell> cells = new ArrayList<>();
    boolean bothVariants = cluster.contains(Boolean.FALSE) && cluster.contains(Boolean.TRUE);
    for (double quota : cpus) {
      for (boolean clustered : cluster) {
        java.util.Map<String, Integer> listed = new java.util.HashMap<>();
        for (String runtime : runtimes) {
          int copy = listed.merge(runtime, 1, Integer::sum) - 1;
          if (clustered && bothVariants && !Cell.hasClusterVariant(runtime)) {
            continue;
          }
          cells.add(new Cell(cells.size(), runtime, quota, clustered, copy));
        }
      }
    }
    return cells;
  }
}
