package gauntlet.controller.report;

import gauntlet.controller.plan.Plan;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run so far: written out again after every cell, so a crash loses at most one cell.
 *
 * @param cells one result per cell: the summary over its repetitions (the run itself when it ran once)
 * @param repetitions each cell's measured runs by cell id, in the order they ran
 * @param schedule the rounds' order and seed
 */
public record RunResult(String runId, Plan plan, Instant started, List<AgentSummary> agents, List<CellResult> cells,
    Map<String, List<CellResult>> repetitions, RunSchedule schedule) {
  public RunResult {
    agents = List.copyOf(agents);
    cells = List.copyOf(cells);
    Map<String, List<CellResult>> copy = new LinkedHashMap<>();
    repetitions.forEach((id, runs) -> copy.put(id, List.copyOf(runs)));
    repetitions = java.util.Collections.unmodifiableMap(copy);
  }

  /** A run whose every cell ran once. */
  public RunResult(String runId, Plan plan, Instant started, List<AgentSummary> agents, List<CellResult> cells) {
    this(runId, plan, started, agents, cells, Map.of(), RunSchedule.SINGLE);
  }

  /** The measured runs of {@code cell}: its repetitions, or the cell itself when it has none recorded. */
  public List<CellResult> runsOf(CellResult cell) {
    List<CellResult> runs = repetitions.get(cell.cell().id());
    return runs == null || runs.isEmpty() ? List.of(cell) : runs;
  }
}
