package gauntlet.controller.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands a target's lists into cells: runtime x cpus x cluster, in plan order. Go has no clustered
 * variant (its scheduler uses every CPU it is given), so when a plan asks for both clustered and
 * not, Go runs once per CPU count, not twice.
 */
final class Matrix {
  private Matrix() {}

  static List<Cell> expand(TargetPlan target) {
    List<Cell> cells = new ArrayList<>();
    boolean bothClusterings = target.cluster().contains(true) && target.cluster().contains(false);
    for (double cpus : target.cpus()) {
      for (boolean cluster : target.cluster()) {
        for (String runtime : target.runtimes()) {
          if (cluster && bothClusterings && !Cell.hasClusterVariant(runtime)) {
            continue;
          }
          cells.add(new Cell(cells.size(), runtime, cpus, cluster));
        }
      }
    }
    return cells;
  }
}
