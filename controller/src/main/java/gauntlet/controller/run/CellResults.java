package gauntlet.controller.run;

import gauntlet.core.ErrorCounts;
import gauntlet.controller.plan.Cell;
import gauntlet.controller.report.CellResult;
import gauntlet.controller.report.LatencySummary;
import gauntlet.controller.report.TargetUsage;
import gauntlet.wire.LatencyHistograms;
import java.util.List;
import java.util.Optional;

/** Results of cells that did not run to the end. */
final class CellResults {
  private CellResults() {}

  static CellResult failed(Cell cell, String launcher, String reason) {
    return new CellResult(cell, launcher == null ? "" : launcher, Optional.of(reason), 0, 0, 0, ErrorCounts.NONE,
        LatencySummary.EMPTY, Optional.empty(), TargetUsage.NONE, List.of(), List.of(), List.of(),
        LatencyHistograms.create(), List.of());
  }
}
