package gauntlet.controller.run;

import gauntlet.controller.report.RunResult;

/** Keeps a run's results; called after every cell, so a crash loses at most one cell. */
@FunctionalInterface
public interface RunRecorder {
  void record(RunResult result);
}
