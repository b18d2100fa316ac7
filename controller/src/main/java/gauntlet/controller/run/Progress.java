package gauntlet.controller.run;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.report.CellResult;

/** Where a run reports what it is doing: a terminal line a second, or nothing in tests. */
public interface Progress {

  /**
   * One second of a cell's load, merged over agents.
   *
   * @param second seconds into the measured window
   */
  record Second(int second, double requestsPerSecond, double p99Millis, long errors) {}

  default void runStarted(String runId, int cells) {}

  default void note(String message) {}

  default void cellStarted(Cell cell, int of) {}

  default void second(Cell cell, Second second, int totalSeconds) {}

  default void cellFinished(CellResult result) {}

  Progress SILENT = new Progress() {};
}
