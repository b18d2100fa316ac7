package gauntlet.controller.run;

import gauntlet.core.ErrorCounts;
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

  /**
   * One load agent's measured interval as it arrived (warm-up excluded), for live metrics.
   *
   * @param latency the agent's histogram (microseconds) as encoded on the wire: decoding it is the
   *     listener's cost, paid only by those that need it ({@link gauntlet.wire.HistogramAdder})
   */
  record Interval(String agent, long requests, ErrorCounts errors, com.google.protobuf.ByteString latency) {}

  default void runStarted(String runId, int cells) {}

  default void note(String message) {}

  default void cellStarted(Cell cell, int of) {}

  default void second(Cell cell, Second second, int totalSeconds) {}

  default void cellFinished(CellResult result) {}

  /** A measured interval of {@code cell}'s load arrived from one agent. */
  default void interval(Cell cell, Interval interval) {}

  /** A resource reading of {@code cell}'s target (warm-up included), 100 % = one core. */
  default void targetSample(Cell cell, double cpuPct, long memoryBytes) {}

  Progress SILENT = new Progress() {};

  /** Every listener, in order, told of every event. */
  static Progress all(Progress... listeners) {
    return new ProgressFanOut(java.util.List.of(listeners));
  }
}
