package gauntlet.controller.report;

import gauntlet.controller.plan.Plan;
import java.time.Instant;
import java.util.List;

/** A run so far: written out again after every cell, so a crash loses at most one cell. */
public record RunResult(String runId, Plan plan, Instant started, List<AgentSummary> agents, List<CellResult> cells) {
  public RunResult {
    agents = List.copyOf(agents);
    cells = List.copyOf(cells);
  }
}
