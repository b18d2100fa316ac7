package gauntlet.controller.report;

import gauntlet.controller.plan.CellOrder;
import java.util.List;

/**
 * How a run ordered its cells, so a reader can see (and a rerun reproduce) it.
 *
 * @param repeat rounds planned
 * @param order the order within each round
 * @param seed the shuffle's seed (the plan's, or the one the run picked)
 * @param rounds the cell ids in the order each round ran them, so far
 */
public record RunSchedule(int repeat, CellOrder order, long seed, List<List<String>> rounds) {
  public static final RunSchedule SINGLE = new RunSchedule(1, CellOrder.FIXED, 0, List.of());

  public RunSchedule {
    rounds = rounds.stream().map(List::copyOf).toList();
  }
}
